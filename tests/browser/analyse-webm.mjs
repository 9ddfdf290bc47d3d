#!/usr/bin/env node
// Minimal EBML/WebM walker for looking at MediaRecorder output (and remuxed files).
//
//   node analyse-webm.mjs FILE.webm [--chunks FILE.chunks.json] [--blocks] [--json]
//   node analyse-webm.mjs --markdown FILE.webm...   (one Markdown section per file; .chunks.json beside it)
//
// Prints: EBML header, Segment (known/unknown size), Info (TimecodeScale, Duration?),
// Tracks (number, type, codec id), SeekHead/Cues presence, every Cluster (byte offset,
// size known/unknown, timecode, blocks, which track its first block is on, whether and where it
// holds a video keyframe, span and delta to the next cluster), and — when a .chunks.json is
// present beside the file or given — where each chunk boundary falls in the element tree.
// --blocks lists every SimpleBlock/Block. --json prints everything as one JSON object.
import fs from 'node:fs';

// ---------------------------------------------------------------------------------------------
// Element table (Matroska/WebM subset). m = master element.
const E = {
  0x1a45dfa3: ['EBML', 'm'], 0x4286: ['EBMLVersion', 'u'], 0x42f7: ['EBMLReadVersion', 'u'],
  0x42f2: ['EBMLMaxIDLength', 'u'], 0x42f3: ['EBMLMaxSizeLength', 'u'], 0x4282: ['DocType', 's'],
  0x4287: ['DocTypeVersion', 'u'], 0x4285: ['DocTypeReadVersion', 'u'],
  0xec: ['Void', 'b'], 0xbf: ['CRC-32', 'b'],
  0x18538067: ['Segment', 'm'],
  0x114d9b74: ['SeekHead', 'm'], 0x4dbb: ['Seek', 'm'], 0x53ab: ['SeekID', 'b'], 0x53ac: ['SeekPosition', 'u'],
  0x1549a966: ['Info', 'm'], 0x2ad7b1: ['TimecodeScale', 'u'], 0x4489: ['Duration', 'f'],
  0x4d80: ['MuxingApp', 's'], 0x5741: ['WritingApp', 's'], 0x4461: ['DateUTC', 'b'], 0x73a4: ['SegmentUID', 'b'],
  0x7ba9: ['Title', 's'],
  0x1654ae6b: ['Tracks', 'm'], 0xae: ['TrackEntry', 'm'], 0xd7: ['TrackNumber', 'u'], 0x73c5: ['TrackUID', 'u'],
  0x83: ['TrackType', 'u'], 0x86: ['CodecID', 's'], 0x63a2: ['CodecPrivate', 'b'], 0x258688: ['CodecName', 's'],
  0x56aa: ['CodecDelay', 'u'], 0x56bb: ['SeekPreRoll', 'u'], 0x536e: ['Name', 's'], 0x22b59c: ['Language', 's'],
  0x9c: ['FlagLacing', 'u'], 0x88: ['FlagDefault', 'u'], 0xb9: ['FlagEnabled', 'u'], 0x55aa: ['FlagForced', 'u'],
  0x23e383: ['DefaultDuration', 'u'], 0x55ee: ['MaxBlockAdditionID', 'u'], 0x53c0: ['AlphaMode', 'u'], 0x23314f: ['TrackTimecodeScale', 'f'],
  0xe0: ['Video', 'm'], 0xb0: ['PixelWidth', 'u'], 0xba: ['PixelHeight', 'u'], 0x2383e3: ['FrameRate', 'f'],
  0x54b0: ['DisplayWidth', 'u'], 0x54ba: ['DisplayHeight', 'u'], 0x9a: ['FlagInterlaced', 'u'],
  0x55b0: ['Colour', 'm'], 0x55b9: ['Range', 'u'], 0x55ba: ['TransferCharacteristics', 'u'],
  0x55bb: ['Primaries', 'u'], 0x55b1: ['MatrixCoefficients', 'u'], 0x55b2: ['BitsPerChannel', 'u'],
  0xe1: ['Audio', 'm'], 0xb5: ['SamplingFrequency', 'f'], 0x9f: ['Channels', 'u'], 0x6264: ['BitDepth', 'u'],
  0x1f43b675: ['Cluster', 'm'], 0xe7: ['Timecode', 'u'], 0xa7: ['Position', 'u'], 0xab: ['PrevSize', 'u'],
  0xa3: ['SimpleBlock', 'b'], 0xa0: ['BlockGroup', 'm'], 0xa1: ['Block', 'b'], 0x9b: ['BlockDuration', 'u'],
  0xfb: ['ReferenceBlock', 'i'], 0x75a2: ['DiscardPadding', 'i'],
  0x1c53bb6b: ['Cues', 'm'], 0xbb: ['CuePoint', 'm'], 0xb3: ['CueTime', 'u'], 0xb7: ['CueTrackPositions', 'm'],
  0xf7: ['CueTrack', 'u'], 0xf1: ['CueClusterPosition', 'u'], 0xf0: ['CueRelativePosition', 'u'],
  0x5378: ['CueBlockNumber', 'u'], 0xb2: ['CueDuration', 'u'],
  0x1254c367: ['Tags', 'm'], 0x7373: ['Tag', 'm'], 0x63c0: ['Targets', 'm'], 0x67c8: ['SimpleTag', 'm'],
  0x45a3: ['TagName', 's'], 0x4487: ['TagString', 's'], 0x63c5: ['TagTrackUID', 'u'],
  0x1043a770: ['Chapters', 'm'], 0x1941a469: ['Attachments', 'm'],
};
const LEVEL1 = new Set([0x114d9b74, 0x1549a966, 0x1654ae6b, 0x1f43b675, 0x1c53bb6b, 0x1254c367, 0x1043a770, 0x1941a469]);
const TRACK_TYPE = { 1: 'video', 2: 'audio', 3: 'complex', 0x10: 'logo', 0x11: 'subtitle', 0x12: 'buttons', 0x20: 'control' };

const nameOf = (id) => (E[id] ? E[id][0] : `0x${id.toString(16).toUpperCase()}`);
const hex = (id) => `0x${id.toString(16).toUpperCase()}`;

// ---------------------------------------------------------------------------------------------
// EBML primitives

function readId(buf, pos) {
  const b = buf[pos];
  if (b === undefined) return null;
  let len = 1;
  while (len <= 4 && !(b & (0x80 >> (len - 1)))) len++;
  if (len > 4 || pos + len > buf.length) return null;
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + buf[pos + i];
  return { id: v, len };
}

function readSize(buf, pos) {
  const b = buf[pos];
  if (b === undefined) return null;
  let len = 1;
  while (len <= 8 && !(b & (0x80 >> (len - 1)))) len++;
  if (len > 8 || pos + len > buf.length) return null;
  let v = b & (0xff >> len);
  let allOnes = v === 0xff >> len;
  for (let i = 1; i < len; i++) {
    v = v * 256 + buf[pos + i];
    if (buf[pos + i] !== 0xff) allOnes = false;
  }
  return { size: allOnes ? null : v, len };
}

function readUInt(buf, pos, n) {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + buf[pos + i];
  return v;
}

function readValue(type, buf, pos, n) {
  switch (type) {
    case 'u': {
      if (n <= 6) return readUInt(buf, pos, n);
      let v = 0n; // keep 64-bit values (TrackUID) exact
      for (let i = 0; i < n; i++) v = v * 256n + BigInt(buf[pos + i]);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    case 'i': { let v = readUInt(buf, pos, n); if (n && buf[pos] & 0x80) v -= 2 ** (8 * n); return v; }
    case 'f': return n === 4 ? buf.readFloatBE(pos) : n === 8 ? buf.readDoubleBE(pos) : 0;
    case 's': return buf.toString('utf8', pos, pos + n).replace(/\0+$/, '');
    default: return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Walk. Produces a flat list of elements with depth, start, headerLen, end, and values.

function walk(buf) {
  const elements = [];
  const problems = [];

  // Parse children of a master in [pos, limit). If unknownSize, stop at the first level-1 ID
  // (or an EBML header) when the parent is a Cluster, or at limit. Returns end offset.
  function parseChildren(pos, limit, depth, parent, unknownSize) {
    while (pos < limit) {
      const idr = readId(buf, pos);
      if (!idr) { problems.push(`bad/truncated ID at ${pos}`); return limit; }
      if (unknownSize && parent && parent.id !== 0x18538067 && (LEVEL1.has(idr.id) || idr.id === 0x1a45dfa3)) return pos;
      if (unknownSize && parent && parent.id === 0x18538067 && idr.id === 0x1a45dfa3) return pos; // next segment
      const sr = readSize(buf, pos + idr.len);
      if (!sr) { problems.push(`truncated size at ${pos}`); return limit; }
      const headerLen = idr.len + sr.len;
      const dataStart = pos + headerLen;
      const info = E[idr.id];
      const el = {
        id: idr.id, name: nameOf(idr.id), depth, start: pos, idLen: idr.len, headerLen,
        size: sr.size, end: null, parent: parent ? parent.index : -1, index: elements.length,
      };
      elements.push(el);
      if (info && info[1] === 'm') {
        const childLimit = sr.size === null ? limit : Math.min(limit, dataStart + sr.size);
        if (sr.size !== null && dataStart + sr.size > limit) problems.push(`${el.name} at ${pos} overruns its parent/file`);
        el.end = parseChildren(dataStart, childLimit, depth + 1, el, sr.size === null);
        if (sr.size !== null) el.end = dataStart + sr.size;
        pos = el.end;
      } else {
        if (sr.size === null) { problems.push(`unknown size on non-master ${el.name} at ${pos}`); return limit; }
        el.end = dataStart + sr.size;
        if (el.end > limit) { problems.push(`${el.name} at ${pos} truncated (${el.end - limit} bytes missing)`); el.end = limit; }
        if (info && info[1] !== 'b') el.value = readValue(info[1], buf, dataStart, el.end - dataStart);
        if (el.id === 0xa3 || el.id === 0xa1) el.block = parseBlockHeader(buf, dataStart, el.end, el.id === 0xa3);
        pos = el.end;
      }
    }
    return pos;
  }

  parseChildren(0, buf.length, 0, null, false);
  return { elements, problems };
}

function parseBlockHeader(buf, pos, end, simple) {
  const tr = readSize(buf, pos); // track number is a vint
  const track = tr.size;
  const p = pos + tr.len;
  const rel = buf.readInt16BE(p);
  const flags = buf[p + 2];
  const payload = p + 3;
  return {
    track, rel, flags,
    keyflag: simple ? !!(flags & 0x80) : null,
    lacing: (flags >> 1) & 3,
    payloadOffset: payload,
    payloadLen: end - payload,
    firstBytes: buf.subarray(payload, Math.min(end, payload + 3)),
  };
}

// Bitstream keyframe check (independent of the container flag).
function bitstreamKey(codec, b) {
  if (!b || !b.length) return null;
  if (codec === 'V_VP8') return (b[0] & 1) === 0; // frame tag: bit0 = 0 -> key frame
  if (codec === 'V_VP9') {
    // uncompressed header: frame_marker(2) profile_low(1) profile_high(1) [reserved if profile 3]
    // show_existing_frame(1) frame_type(1): 0 = KEY_FRAME
    const byte = b[0];
    const profile = ((byte >> 5) & 1) | (((byte >> 4) & 1) << 1);
    let bit = 4;
    if (profile === 3) bit++;
    const showExisting = (byte >> (7 - bit)) & 1;
    if (showExisting) return false;
    return ((byte >> (7 - bit - 1)) & 1) === 0;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Summaries

function analyse(buf, chunkLens) {
  const { elements, problems } = walk(buf);
  const childrenOf = (el) => elements.filter((e) => e.parent === el.index);
  const find = (name) => elements.filter((e) => e.name === name);
  const val = (el, name) => { const c = childrenOf(el).find((e) => e.name === name); return c ? c.value : undefined; };

  const ebml = find('EBML')[0];
  const segment = find('Segment')[0];
  const info = find('Info')[0];
  const r = {
    fileSize: buf.length,
    problems,
    docType: ebml ? val(ebml, 'DocType') : undefined,
    segment: segment ? { offset: segment.start, dataOffset: segment.start + segment.headerLen, size: segment.size === null ? 'unknown' : segment.size } : null,
    level1: elements.filter((e) => e.parent === (segment ? segment.index : -2)).reduce((acc, e) => { acc[e.name] = (acc[e.name] || 0) + 1; return acc; }, {}),
    info: info ? {
      TimecodeScale: val(info, 'TimecodeScale'),
      Duration: val(info, 'Duration'),
      MuxingApp: val(info, 'MuxingApp'),
      WritingApp: val(info, 'WritingApp'),
    } : null,
    hasSeekHead: find('SeekHead').length > 0,
    hasCues: find('Cues').length > 0,
    cuePoints: find('CuePoint').length,
    tracks: [],
    clusters: [],
  };
  const tcScale = (r.info && r.info.TimecodeScale) || 1000000;
  const toMs = (tc) => (tc * tcScale) / 1e6;

  for (const te of find('TrackEntry')) {
    const t = {
      number: val(te, 'TrackNumber'), uid: val(te, 'TrackUID'),
      type: TRACK_TYPE[val(te, 'TrackType')] || val(te, 'TrackType'),
      codec: val(te, 'CodecID'),
      codecPrivateBytes: (() => { const c = childrenOf(te).find((e) => e.name === 'CodecPrivate'); return c ? c.end - c.start - c.headerLen : 0; })(),
      name: val(te, 'Name'),
      defaultDuration: val(te, 'DefaultDuration'),
      codecDelay: val(te, 'CodecDelay'),
      seekPreRoll: val(te, 'SeekPreRoll'),
    };
    const v = childrenOf(te).find((e) => e.name === 'Video');
    if (v) Object.assign(t, { width: val(v, 'PixelWidth'), height: val(v, 'PixelHeight'), frameRate: val(v, 'FrameRate') });
    const a = childrenOf(te).find((e) => e.name === 'Audio');
    if (a) Object.assign(t, { samplingFrequency: val(a, 'SamplingFrequency'), channels: val(a, 'Channels'), bitDepth: val(a, 'BitDepth') });
    r.tracks.push(t);
  }
  const trackByNum = Object.fromEntries(r.tracks.map((t) => [t.number, t]));
  const firstCluster = find('Cluster')[0];
  r.initSegmentBytes = firstCluster ? firstCluster.start : buf.length;

  const blocks = [];
  for (const c of find('Cluster')) {
    const tc = val(c, 'Timecode');
    const bl = [];
    for (const ch of childrenOf(c)) {
      let b = null;
      if (ch.name === 'SimpleBlock') b = { el: ch, ...ch.block };
      else if (ch.name === 'BlockGroup') {
        const inner = childrenOf(ch).find((e) => e.name === 'Block');
        if (inner) b = { el: inner, ...inner.block, keyflag: !childrenOf(ch).some((e) => e.name === 'ReferenceBlock') };
      }
      if (!b) continue;
      const t = trackByNum[b.track];
      const kind = t ? t.type : `track${b.track}`;
      const bsKey = t ? bitstreamKey(t.codec, b.firstBytes) : null;
      const rec = {
        offset: b.el.start, size: b.el.end - b.el.start, track: b.track, kind,
        tsMs: toMs(tc + b.rel), keyflag: b.keyflag, bitstreamKey: bsKey, lacing: b.lacing,
      };
      bl.push(rec);
      blocks.push(rec);
    }
    const video = bl.filter((b) => b.kind === 'video');
    const vkeyIdx = bl.findIndex((b) => b.kind === 'video' && b.keyflag);
    r.clusters.push({
      offset: c.start,
      size: c.size === null ? 'unknown' : c.size,
      bytes: c.end - c.start,
      timecodeMs: tc === undefined ? null : toMs(tc),
      blocks: bl.length,
      videoBlocks: video.length,
      audioBlocks: bl.filter((b) => b.kind === 'audio').length,
      firstBlock: bl[0] ? `${bl[0].kind}${bl[0].kind === 'video' && bl[0].keyflag ? '(key)' : ''}` : 'none',
      videoKey: vkeyIdx >= 0,
      videoKeyBlockIndex: vkeyIdx >= 0 ? vkeyIdx : null, // index of the keyframe among the cluster's blocks
      videoKeyIsFirstVideo: vkeyIdx >= 0 ? bl.findIndex((b) => b.kind === 'video') === vkeyIdx : null,
      videoKeyCount: video.filter((b) => b.keyflag).length,
      minTsMs: bl.length ? Math.min(...bl.map((b) => b.tsMs)) : null,
      maxTsMs: bl.length ? Math.max(...bl.map((b) => b.tsMs)) : null,
    });
  }
  r.clusters.forEach((c, i) => {
    const n = r.clusters[i + 1];
    c.deltaToNextMs = n && n.timecodeMs !== null && c.timecodeMs !== null ? +(n.timecodeMs - c.timecodeMs).toFixed(3) : null;
  });

  // Per track stats
  r.trackStats = r.tracks.map((t) => {
    const bs = blocks.filter((b) => b.track === t.number);
    const ts = bs.map((b) => b.tsMs);
    const s = {
      number: t.number, type: t.type, blocks: bs.length,
      keyflagged: bs.filter((b) => b.keyflag).length,
      firstTsMs: ts.length ? Math.min(...ts) : null, lastTsMs: ts.length ? Math.max(...ts) : null,
      bytes: bs.reduce((a, b) => a + b.size, 0),
      monotonic: ts.every((x, i) => i === 0 || x >= ts[i - 1]),
    };
    if (t.type === 'video') {
      s.keyframeTsMs = bs.filter((b) => b.keyflag).map((b) => b.tsMs);
      s.keyflagMatchesBitstream = bs.every((b) => b.bitstreamKey === null || b.bitstreamKey === b.keyflag);
      const span = (s.lastTsMs - s.firstTsMs) / 1000;
      s.fps = span > 0 ? +((bs.length - 1) / span).toFixed(2) : null;
    }
    if (t.type === 'audio' && bs.length > 1) {
      const d = ts.slice(1).map((x, i) => +(x - ts[i]).toFixed(3));
      s.blockSpacingMs = [...new Set(d)].slice(0, 8);
    }
    return s;
  });
  r.blocks = blocks;

  // Chunk boundaries
  if (chunkLens) {
    const total = chunkLens.reduce((a, b) => a + b, 0);
    r.chunks = {
      count: chunkLens.length,
      total,
      matchesFile: total === buf.length,
      min: Math.min(...chunkLens), max: Math.max(...chunkLens),
      median: [...chunkLens].sort((a, b) => a - b)[Math.floor(chunkLens.length / 2)],
      zeroLength: chunkLens.filter((x) => x === 0).length,
      lengths: chunkLens,
      boundaries: [],
    };
    let off = 0;
    const starts = [];
    for (const len of chunkLens) { starts.push(off); off += len; }
    r.chunks.starts = starts;
    for (let i = 1; i < chunkLens.length; i++) {
      const B = starts[i];
      if (chunkLens[i] === 0) continue;
      r.chunks.boundaries.push({ chunk: i, offset: B, where: describeOffset(elements, B) });
    }
    r.chunks.firstChunkCoversInit = chunkLens[0] >= r.initSegmentBytes;
    r.chunks.firstChunkLen = chunkLens[0];
    for (const c of r.clusters) {
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1] <= c.offset) k++;
      c.chunk = k;
      c.chunkOffset = c.offset - starts[k];
    }
  }
  return r;
}

// Describe where byte offset B falls: in the deepest element containing it.
function describeOffset(elements, B) {
  let best = null;
  for (const e of elements) if (e.start <= B && B < e.end && (!best || e.depth > best.depth)) best = e;
  if (!best) return 'end of file';
  const rel = B - best.start;
  let s;
  if (rel === 0) s = `exactly at start of ${best.name}`;
  else if (rel < best.headerLen) {
    s = `${rel} byte(s) into ${best.name} (${rel < best.idLen ? `inside its ${best.idLen}-byte ID` : rel === best.idLen ? `right after its ${best.idLen}-byte ID` : 'inside its size field'})`;
  }
  else s = `${rel - best.headerLen} bytes into the payload of ${best.name}`;
  return `${s} @${best.start}`;
}

// ---------------------------------------------------------------------------------------------
// Output

function printText(file, r, showBlocks) {
  const out = [];
  const p = (s = '') => out.push(s);
  p(`${file}: ${r.fileSize} bytes, DocType=${r.docType}`);
  if (r.problems.length) p(`  PROBLEMS: ${r.problems.join('; ')}`);
  p(`  Segment at ${r.segment.offset}, size ${r.segment.size}; level-1: ${Object.entries(r.level1).map(([k, v]) => `${k}×${v}`).join(' ')}`);
  p(`  Info: TimecodeScale=${r.info.TimecodeScale} Duration=${r.info.Duration === undefined ? 'absent' : r.info.Duration} MuxingApp=${r.info.MuxingApp} WritingApp=${r.info.WritingApp}`);
  p(`  SeekHead: ${r.hasSeekHead ? 'yes' : 'no'}; Cues: ${r.hasCues ? `yes (${r.cuePoints} CuePoints)` : 'no'}`);
  p(`  init segment (bytes before first Cluster): ${r.initSegmentBytes}`);
  for (const t of r.tracks) {
    const extra = t.type === 'video' ? `${t.width}x${t.height}` : t.type === 'audio' ? `${t.samplingFrequency} Hz ${t.channels} ch` : '';
    p(`  Track ${t.number}: ${t.type} ${t.codec} ${extra} CodecPrivate=${t.codecPrivateBytes}B` +
      (t.codecDelay !== undefined ? ` CodecDelay=${t.codecDelay}` : '') + (t.seekPreRoll !== undefined ? ` SeekPreRoll=${t.seekPreRoll}` : '') +
      (t.defaultDuration !== undefined ? ` DefaultDuration=${t.defaultDuration}` : ''));
  }
  for (const s of r.trackStats) {
    let line = `  Track ${s.number} (${s.type}): ${s.blocks} blocks, ${s.bytes} bytes, ts ${s.firstTsMs}..${s.lastTsMs} ms, key-flagged ${s.keyflagged}, monotonic ${s.monotonic}`;
    if (s.type === 'video') line += `, ~${s.fps} fps, keyframes at [${s.keyframeTsMs.join(', ')}] ms, key flag == bitstream: ${s.keyflagMatchesBitstream}`;
    if (s.type === 'audio') line += `, block spacing ${JSON.stringify(s.blockSpacingMs)} ms`;
    p(line);
  }
  p(`  Clusters: ${r.clusters.length}`);
  p('    #  offset   bytes  size     tc(ms)  next(ms) blocks v/a  first      vkey@idx' + (r.chunks ? '  chunk+off' : ''));
  r.clusters.forEach((c, i) => {
    p(`    ${String(i).padStart(2)} ${String(c.offset).padStart(7)} ${String(c.bytes).padStart(7)}  ${String(c.size).padEnd(8)} ${String(c.timecodeMs).padStart(6)}  ${String(c.deltaToNextMs ?? '-').padStart(7)}  ${String(c.blocks).padStart(4)} ${c.videoBlocks}/${c.audioBlocks}`.padEnd(68) +
      ` ${c.firstBlock.padEnd(10)} ${c.videoKey ? `KEY@${c.videoKeyBlockIndex}` : '-'}`.padEnd(20) +
      (r.chunks ? `  ${c.chunk}+${c.chunkOffset}` : ''));
  });
  if (r.chunks) {
    const c = r.chunks;
    p(`  Chunks: ${c.count} (sum ${c.total}, ${c.matchesFile ? 'matches file' : 'DOES NOT MATCH FILE'}), sizes min ${c.min} median ${c.median} max ${c.max}, zero-length ${c.zeroLength}`);
    p(`    first chunk ${c.firstChunkLen} bytes, ${c.firstChunkCoversInit ? 'covers' : 'does NOT cover'} the init segment (${r.initSegmentBytes})`);
    p(`    lengths: ${c.lengths.join(' ')}`);
    const kinds = {};
    for (const b of c.boundaries) {
      const k = b.where.replace(/ @\d+$/, '').replace(/^\d+ bytes into the payload/, 'N bytes into the payload');
      kinds[k] = (kinds[k] || 0) + 1;
    }
    p(`    boundary kinds: ${Object.entries(kinds).map(([k, v]) => `${v}× ${k}`).join('; ')}`);
    for (const b of c.boundaries) p(`    chunk ${b.chunk} starts at ${b.offset}: ${b.where}`);
  }
  if (showBlocks) {
    p('  Blocks: offset size track kind ts(ms) keyflag bitstreamKey');
    for (const b of r.blocks) p(`    ${b.offset} ${b.size} ${b.track} ${b.kind} ${b.tsMs} ${b.keyflag} ${b.bitstreamKey}`);
  }
  console.log(out.join('\n'));
}

function markdown(file, r) {
  const out = [];
  const p = (s = '') => out.push(s);
  const base = file.split('/').pop();
  p(`### ${base}`);
  p();
  p(`- ${r.fileSize} bytes` + (r.chunks ? ` in ${r.chunks.count} chunks (sum ${r.chunks.matchesFile ? 'matches' : 'DOES NOT match'} the file)` : '') +
    (r.problems.length ? `; PROBLEMS: ${r.problems.join('; ')}` : '; EBML walk clean'));
  p(`- Tracks: ${r.tracks.map((t) => `${t.number} = ${t.type} \`${t.codec}\`` + (t.type === 'video' ? ` ${t.width}×${t.height}` : '') +
    (t.type === 'audio' ? ` ${t.samplingFrequency} Hz ${t.channels} ch, CodecPrivate ${t.codecPrivateBytes} B` : '')).join('; ')}`);
  const clusterSizes = [...new Set(r.clusters.map((c) => c.size === 'unknown' ? 'unknown' : 'known'))].join('/');
  p(`- Segment size ${r.segment.size}; Info: TimecodeScale ${r.info.TimecodeScale}, Duration ${r.info.Duration === undefined ? '**absent**' : r.info.Duration}, ` +
    `MuxingApp ${r.info.MuxingApp}; SeekHead ${r.hasSeekHead ? 'yes' : 'no'}; Cues ${r.hasCues ? `yes (${r.cuePoints})` : '**no**'}; Cluster sizes ${clusterSizes}`);
  p(`- Init segment (bytes before the first Cluster): ${r.initSegmentBytes} B` +
    (r.chunks ? `; first chunk ${r.chunks.firstChunkLen} B (${r.chunks.firstChunkCoversInit ? 'holds the whole init segment' : '**does not** hold the init segment'})` : ''));
  for (const s of r.trackStats) {
    if (s.type === 'video') {
      p(`- Video: ${s.blocks} frames, ${s.fps} fps, ts ${s.firstTsMs}–${s.lastTsMs} ms, ${Math.round((s.bytes * 8) / Math.max(1, s.lastTsMs - s.firstTsMs))} kbit/s; ` +
        `keyframes (${s.keyflagged}) at ${s.keyframeTsMs.join(', ')} ms; SimpleBlock key flag agrees with the bitstream: ${s.keyflagMatchesBitstream}`);
    } else if (s.type === 'audio') {
      p(`- Audio: ${s.blocks} blocks every ${s.blockSpacingMs.join('/')} ms, ts ${s.firstTsMs}–${s.lastTsMs} ms, ${s.keyflagged}/${s.blocks} key-flagged`);
    }
  }
  const withKey = r.clusters.filter((c) => c.videoKey);
  const d = r.clusters.map((c) => c.deltaToNextMs).filter((x) => x !== null);
  const hist = {};
  for (const x of d) hist[x] = (hist[x] || 0) + 1;
  p(`- Clusters: ${r.clusters.length}; tc delta to next (ms: count): ${Object.entries(hist).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  p(`- Clusters holding a video keyframe: ${withKey.length} — keyframe is the first block in ${withKey.filter((c) => c.videoKeyBlockIndex === 0).length}, ` +
    `second (after ${withKey.length ? 'one audio block' : '-'}) in ${withKey.filter((c) => c.videoKeyBlockIndex === 1).length}, deeper in ${withKey.filter((c) => c.videoKeyBlockIndex > 1).length}; ` +
    `keyframes not at the start of a Cluster's video: ${withKey.filter((c) => !c.videoKeyIsFirstVideo).length}`);
  if (r.chunks) {
    const kinds = {};
    for (const b of r.chunks.boundaries) {
      const k = b.where.replace(/ @\d+$/, '').replace(/^\d+ bytes into the payload/, 'N bytes into the payload');
      kinds[k] = (kinds[k] || 0) + 1;
    }
    p(`- Chunk sizes (B): min ${r.chunks.min}, median ${r.chunks.median}, max ${r.chunks.max}: ${r.chunks.lengths.join(' ')}`);
    p(`- Where the ${r.chunks.boundaries.length} inner chunk boundaries fall: ${Object.entries(kinds).map(([k, v]) => `${v}× ${k}`).join('; ')}`);
  }
  p();
  p('| # | offset | chunk+off | tc ms | Δnext ms | blocks v/a | first block | video key at block |');
  p('|---:|---:|---:|---:|---:|---:|---|---|');
  r.clusters.forEach((c, i) => {
    p(`| ${i} | ${c.offset} | ${r.chunks ? `${c.chunk}+${c.chunkOffset}` : '-'} | ${c.timecodeMs} | ${c.deltaToNextMs ?? '-'} | ${c.videoBlocks}/${c.audioBlocks} | ${c.firstBlock} | ${c.videoKey ? c.videoKeyBlockIndex : ''} |`);
  });
  p();
  return out.join('\n');
}

function main() {
  const argv = process.argv.slice(2);
  let file = null, chunksFile = null, json = false, showBlocks = false;
  if (argv[0] === '--markdown') {
    for (const f of argv.slice(1)) {
      const guess = f.replace(/\.webm$/, '') + '.chunks.json';
      const lens = fs.existsSync(guess) ? JSON.parse(fs.readFileSync(guess, 'utf8')) : null;
      console.log(markdown(f, analyse(fs.readFileSync(f), lens)));
    }
    return;
  }
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--chunks') chunksFile = argv[++i];
    else if (argv[i] === '--json') json = true;
    else if (argv[i] === '--blocks') showBlocks = true;
    else file = argv[i];
  }
  if (!file) { console.error('usage: analyse-webm.mjs FILE.webm [--chunks FILE.chunks.json] [--blocks] [--json]'); process.exit(2); }
  const buf = fs.readFileSync(file);
  if (!chunksFile) {
    const guess = file.replace(/\.webm$/, '') + '.chunks.json';
    if (fs.existsSync(guess)) chunksFile = guess;
  }
  const chunkLens = chunksFile ? JSON.parse(fs.readFileSync(chunksFile, 'utf8')) : null;
  const r = analyse(buf, chunkLens);
  if (json) {
    if (!showBlocks) delete r.blocks;
    console.log(JSON.stringify(r, null, 1));
  } else printText(file, r, showBlocks);
  if (r.problems.length) process.exitCode = 1;
}

export { analyse, walk };
if (process.argv[1] && fs.realpathSync(process.argv[1]) === fs.realpathSync(new URL(import.meta.url).pathname)) main();

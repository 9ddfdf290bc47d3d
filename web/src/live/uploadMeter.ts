/** How far back the upload rate is measured. */
export const uploadWindowMs = 3000;
/** Queued in the socket beyond this and still growing: the upload is not keeping up. */
export const stalledBufferBytes = 64 * 1024;
/** Below this much recorded in the window (a still picture, camera off) a low rate says nothing. */
const minProducedBytes = 16 * 1024;

export interface UploadReading {
  /** What actually left this browser over the window, kbit/s; null before two samples. */
  bitrateKbps: number | null;
  /** The socket's queue keeps growing, or far less leaves than the recorder makes. */
  struggling: boolean;
}

interface Sample {
  at: number;
  /** Bytes handed to the socket so far. */
  queued: number;
  /** `WebSocket.bufferedAmount` then: queued but not yet sent. */
  buffered: number;
}

/**
 * Measures a publisher's upload over a sliding window from what it hands to its WebSocket and
 * what the socket still holds (`bufferedAmount`). One meter per socket.
 */
export class UploadMeter {
  private queued = 0;
  private samples: Sample[] = [];

  /** `bytes` were handed to the socket. */
  queue(bytes: number): void {
    this.queued += bytes;
  }

  /** Takes a sample (about once a second) and reads the window. */
  read(at: number, buffered: number): UploadReading {
    const latest = { at, queued: this.queued, buffered };
    this.samples.push(latest);
    while (at - this.samples[0]!.at > uploadWindowMs) this.samples.shift();
    const first = this.samples[0]!;
    if (first === latest || at <= first.at)
      return { bitrateKbps: null, struggling: false };
    const sent =
      latest.queued - latest.buffered - (first.queued - first.buffered);
    const produced = latest.queued - first.queued;
    const seconds = (at - first.at) / 1000;
    const backlogGrowing =
      buffered > stalledBufferBytes && buffered > first.buffered;
    const collapsed = produced >= minProducedBytes && sent < produced / 4;
    return {
      bitrateKbps: Math.round((sent * 8) / 1000 / seconds),
      struggling: backlogGrowing || collapsed,
    };
  }
}

#!/usr/bin/env node
// Prints a participant token made by livekit-server-sdk's AccessToken.toJwt().
//   node mint-token.mjs --api-key K --api-secret S --identity I --room R
//        [--can-publish] [--can-publish-data] [--can-subscribe true|false]
//        [--can-publish-sources camera,microphone,screen_share,screen_share_audio]
//        [--name N] [--metadata M] [--hidden] [--ttl 600]
//        [--sha256 B64] [--grant '{"roomAdmin":true}']
// Default grant: { roomJoin: true, room: R, canPublish: <flag>, canSubscribe: true,
// canPublishData: <flag> } -- a viewer unless --can-publish is given.
// --ttl is seconds (default 600); --grant merges extra VideoGrant fields.
import { AccessToken } from 'livekit-server-sdk';
import { TrackSource } from '@livekit/protocol';
import { parseArgs, requireArgs } from './lib/args.mjs';

try {
  const args = parseArgs(process.argv.slice(2), {
    booleans: ['can-publish', 'can-publish-data', 'hidden'],
    defaults: { ttl: '600' },
  });
  requireArgs(args, ['api-key', 'api-secret', 'identity', 'room']);
  const at = new AccessToken(args['api-key'], args['api-secret'], {
    identity: args.identity,
    ttl: Number(args.ttl),
    name: args.name,
    metadata: args.metadata,
  });
  const grant = {
    roomJoin: true,
    room: args.room,
    canPublish: !!args['can-publish'],
    canSubscribe: args['can-subscribe'] === undefined ? true : args['can-subscribe'] === 'true',
    canPublishData: !!(args['can-publish-data'] ?? args['can-publish']),
  };
  if (args['can-publish-sources']) {
    grant.canPublishSources = args['can-publish-sources'].split(',').map((s) => {
      const v = TrackSource[s.trim().toUpperCase()];
      if (v === undefined) throw new Error(`unknown track source ${s}`);
      return v;
    });
  }
  if (args.hidden) grant.hidden = true;
  if (args.grant) Object.assign(grant, JSON.parse(args.grant));
  at.addGrant(grant);
  if (args.sha256) at.sha256 = args.sha256;
  console.log(await at.toJwt());
} catch (err) {
  console.error(`mint-token.mjs: ${err.message}`);
  process.exit(2);
}

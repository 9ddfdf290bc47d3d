// Webhook signing exactly as LiveKit's server does it
// (livekit/protocol webhook/resource_url_notifier.go `send`):
//   body  = protojson.Marshal(event)                (camelCase JSON)
//   sum   = base64(sha256(body))                    (standard base64, padded)
//   token = AccessToken(apiKey, apiSecret).SetValidFor(5m).SetSha256(sum).ToJWT()
//   POST url, headers: Authorization: <token>   (no "Bearer " prefix)
//                      Content-Type: application/webhook+json
import { createHash, createHmac } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';

export const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';
export const WEBHOOK_TOKEN_TTL = '5m';

export function bodySha256(body) {
  return createHash('sha256').update(body).digest('base64');
}

// Returns the value of the Authorization header for `body` (string or Buffer).
export async function signWebhook(body, apiKey, apiSecret, ttl = WEBHOOK_TOKEN_TTL) {
  const at = new AccessToken(apiKey, apiSecret, { ttl });
  at.sha256 = bodySha256(body);
  return at.toJwt();
}

function b64url(buf) {
  return Buffer.from(buf).toString('base64url');
}

// Hand-rolled HS256 JWT, used only to build deliberately broken tokens that
// AccessToken refuses to make (already expired).
export function rawJwt(payload, secret) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

// Authorization header for the given signing mode (for negative tests).
//   valid        - what LiveKit sends
//   none         - no Authorization header
//   wrong-secret - signed with a different secret
//   wrong-key    - issuer is not the configured API key
//   bad-sha256   - sha256 claim of a different body
//   expired      - exp 5 minutes in the past
//   alg-none     - valid claims, "alg": "none" and no signature (the classic JWT forgery)
export async function authorizationFor(mode, body, apiKey, apiSecret) {
  switch (mode ?? 'valid') {
    case 'valid':
      return signWebhook(body, apiKey, apiSecret);
    case 'none':
      return undefined;
    case 'wrong-secret':
      return signWebhook(body, apiKey, `${apiSecret}-wrong`);
    case 'wrong-key':
      return signWebhook(body, `${apiKey}-wrong`, apiSecret);
    case 'bad-sha256':
      return signWebhook(`${body} `, apiKey, apiSecret);
    case 'alg-none': {
      const now = Math.floor(Date.now() / 1000);
      const head = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const claims = b64url(JSON.stringify({ sha256: bodySha256(body), iss: apiKey, nbf: now - 10, exp: now + 300 }));
      return `${head}.${claims}.`;
    }
    case 'expired': {
      const now = Math.floor(Date.now() / 1000);
      return rawJwt({ sha256: bodySha256(body), iss: apiKey, nbf: now - 600, exp: now - 300 }, apiSecret);
    }
    default:
      throw new Error(`unknown sign mode: ${mode}`);
  }
}

export async function postWebhook(url, body, authorization, timeoutMs = 5000) {
  const headers = { 'Content-Type': WEBHOOK_CONTENT_TYPE };
  if (authorization !== undefined) headers.Authorization = authorization;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { status: res.status, body: text };
}

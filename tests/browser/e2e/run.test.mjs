// `node --test tests/browser/e2e/` only picks up files named like tests; this one loads the suites,
// which run one after the other, each with its own server and browser.
import './live.e2e.mjs';
import './experience.e2e.mjs';
import './devices.e2e.mjs';
import './moderation.e2e.mjs';
import './schedule.e2e.mjs';

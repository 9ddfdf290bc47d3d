// `node --test tests/browser/e2e/` only picks up files named like tests; this one loads the suite.
import './live.e2e.mjs';

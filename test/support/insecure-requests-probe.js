// Loaded with `node --import` (through NODE_OPTIONS) into a child process, such as `npm run smoke`,
// that a test cannot mock modules in: it registers the hooks that make openid-client report each
// call of allowInsecureRequests on stderr (see insecure-requests-probe-hooks.js).
import { register } from 'node:module';

register('./insecure-requests-probe-hooks.js', import.meta.url);

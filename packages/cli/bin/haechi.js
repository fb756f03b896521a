#!/usr/bin/env node
// Committed launcher so `npx haechi` works as soon as `npm run build` has produced dist/.
import '../dist/main.js';

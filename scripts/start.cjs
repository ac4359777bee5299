// `npm start`: builds the app functions, then runs the workbench (simulators, functions host, the card in a browser)
// from its TypeScript through tsx. Ctrl-C stops it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

execFileSync(process.execPath, [path.join(__dirname, 'build.mjs'), '--functions'], { stdio: 'inherit' });
require('tsx/cjs/api').register();
const { main } = require('../workbench/cli.ts');

main(process.env).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// `npm start`: builds the functions and starts the local parts that exist (the workbench grows here).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

execFileSync(process.execPath, [path.join(__dirname, 'build.mjs'), '--functions'], { stdio: 'inherit' });
console.log('Built the app functions. The workbench (simulators and the card in a browser) is not part of this build yet.');

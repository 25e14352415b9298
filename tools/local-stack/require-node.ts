// Imported first by the stack's entry points, so an unsupported Node stops with a plain message
// before anything else runs.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(
    `Node ${process.versions.node} is not supported: this project needs Node 22 or newer (see .nvmrc; with nvm: \`nvm use\`).`,
  );
  process.exit(1);
}

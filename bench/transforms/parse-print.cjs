// Reference for measurement 3: parse every file with the parser our codemod uses for it (ts for .ts, tsx for the
// rest) and print it back with recast, changing nothing.
module.exports = function parsePrint(file, api) {
  const j = api.jscodeshift.withParser(/\.[cm]?ts$/.test(file.path) ? 'ts' : 'tsx');
  return j(file.source).toSource();
};

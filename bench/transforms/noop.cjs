// Baseline for measurement 3: a jscodeshift transform that does nothing (returns undefined: the file is
// skipped without being parsed). What is left is jscodeshift itself: finding files, workers, reading, reporting.
module.exports = function noop() {
  return undefined;
};

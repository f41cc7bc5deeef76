/** One `tableau-rest <verb>`. `run` returns the exit code (see EXIT); throw UsageError for bad input. */
export interface Verb {
  name: string;
  /** One line for `tableau-rest --help`. */
  summary: string;
  /** Full text for `tableau-rest <verb> --help`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

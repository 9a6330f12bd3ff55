/** The CLI's exit codes (DESIGN §10). */
export const exitCodes = Object.freeze({
  ok: 0,
  failure: 1,
  usage: 2,
  /** `vf status`: some stage is behind. */
  behind: 3,
});

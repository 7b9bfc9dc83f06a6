// Preloaded (NODE_OPTIONS=--import) into every Node process of a test run when
// ATTAIN_TEST_CLOCK_OFFSET_MS is set: the wall clock of the whole process tree (the test workers,
// the gateway, rollup workers, `npm start`, the CLI) runs that many milliseconds ahead, as if the
// machine's date were another. Time still passes; only the date moves. `npm run test:dates` uses it
// to prove the suite does not depend on the day it runs. Hand-written because fake-timer libraries
// fake one process, and this must move every process of the tree by the same offset.
const offset = Number(process.env.ATTAIN_TEST_CLOCK_OFFSET_MS ?? 0);
if (Number.isFinite(offset) && offset !== 0 && !globalThis.Date.attainShifted) {
  const RealDate = globalThis.Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  Object.defineProperty(ShiftedDate, 'attainShifted', { value: true });
  globalThis.Date = ShiftedDate;
}

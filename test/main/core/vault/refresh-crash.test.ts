// The short refresh crash test; the long one is refresh-crash.stress.test.ts.
import { describeRefreshCrash } from './crash/refresh-crash'

describeRefreshCrash(5)

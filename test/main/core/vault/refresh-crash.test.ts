// The short refresh crash test (each kill point once); the long one is refresh-crash.stress.test.ts.
import { describeRefreshCrash } from './crash/refresh-crash'

describeRefreshCrash(5)

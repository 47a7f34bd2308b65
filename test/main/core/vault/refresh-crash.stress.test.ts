// `npm run test:stress`: the long refresh crash test (see crash/refresh-crash.ts).
import { describeRefreshCrash } from './crash/refresh-crash'

describeRefreshCrash(100)

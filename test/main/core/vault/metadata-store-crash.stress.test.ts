// `npm run test:stress`: the long crash test of the account list (see metadata-store-crash.ts).
import { describeMetadataStoreCrash } from './crash/metadata-store-crash'

describeMetadataStoreCrash(100)

// The short crash test of the account list (each kill point once); the long one is
// metadata-store-crash.stress.test.ts.
import { describeMetadataStoreCrash } from './crash/metadata-store-crash'

describeMetadataStoreCrash(9)

// `npm run test:stress`: the long crash test of the secret file vaults (see file-vault-crash.ts).
import { describeFileVaultCrash } from './crash/file-vault-crash'

describeFileVaultCrash(100)

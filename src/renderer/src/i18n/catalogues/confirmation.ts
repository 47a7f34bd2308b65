// The weakening question's texts are shared with main's native dialog (see the shared file).
export { enConfirmation, zhConfirmation } from '../../../../shared/confirmation-texts'

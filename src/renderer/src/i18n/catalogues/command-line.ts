// The approval question's texts are shared with main's native dialog (see the shared file).
export { enCommandLineApproval, zhCommandLineApproval } from '../../../../shared/command-line-texts'

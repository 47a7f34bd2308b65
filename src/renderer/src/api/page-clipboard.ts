/**
 * Copies text that is not a secret (a device code, an authorize link, a workspace ID) with the
 * page's own clipboard. Tokens never come here: main copies those itself. Resolves whether it
 * worked: the clipboard is absent in an insecure context, and refused without focus or permission.
 */
export async function copyWithPageClipboard(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/** Messages are worded to sit inside a sentence; shown on their own under a field, they start one. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

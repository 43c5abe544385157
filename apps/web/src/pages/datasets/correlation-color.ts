/** −1 deep red through white to +1 deep blue; null (an undefined coefficient) grey. */
export function correlationColor(value: number | null): string {
  if (value === null) return 'rgb(228 228 231)';
  const strength = Math.min(1, Math.abs(value));
  const fade = Math.round(255 - strength * 200);
  return value >= 0 ? `rgb(${fade} ${fade} 255)` : `rgb(255 ${fade} ${fade})`;
}

/** White on the deep end of the scale, where dark text would not read. */
export function correlationTextColor(value: number | null): string | undefined {
  return value !== null && Math.abs(value) > 0.6 ? 'white' : undefined;
}

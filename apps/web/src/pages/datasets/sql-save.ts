import type { SaveSqlBody } from '@aistudio/contracts';

/** The save request for a query, or why it cannot be sent yet (a message for the form). */
export function sqlSaveBody(
  query: string,
  datasetName: string,
  description: string,
): { body: SaveSqlBody } | { error: string } {
  const name = datasetName.trim();
  if (!query.trim()) return { error: 'Write a query first.' };
  if (!name) return { error: 'Name the dataset the result goes to.' };
  if (name.length > 100) return { error: 'Dataset names have at most 100 characters.' };
  return { body: { query, datasetName: name, description: description.trim() } };
}

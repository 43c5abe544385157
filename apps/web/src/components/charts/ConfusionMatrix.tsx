import { formatCount } from '../../format/numbers';

interface ConfusionMatrixProps {
  labels: readonly string[];
  /** counts[true][predicted]. */
  counts: readonly (readonly number[])[];
}

/** Rows are the true classes, columns the predicted ones; shade follows the row's share. */
export function ConfusionMatrix({ labels, counts }: ConfusionMatrixProps) {
  return (
    <table aria-label="Confusion matrix" className="border-separate border-spacing-0.5 text-xs">
      <thead>
        <tr>
          <th scope="col" className="px-2 text-left font-normal text-zinc-500">
            true ↓ / predicted →
          </th>
          {labels.map((label) => (
            <th key={label} scope="col" className="px-2 font-medium text-zinc-700">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.map((row, i) => {
          const total = row.reduce((a, b) => a + b, 0) || 1;
          return (
            <tr key={labels[i]}>
              <th scope="row" className="px-2 text-right font-medium text-zinc-700">
                {labels[i]}
              </th>
              {row.map((count, j) => {
                const share = count / total;
                return (
                  <td
                    key={j}
                    title={`true ${labels[i]}, predicted ${labels[j]}: ${count}`}
                    className="size-12 min-w-12 text-center tabular-nums"
                    style={{
                      // Diagonal (correct) in blue, mistakes in orange, both by their row share.
                      backgroundColor:
                        i === j
                          ? `rgba(0, 114, 178, ${0.1 + 0.8 * share})`
                          : `rgba(230, 159, 0, ${count === 0 ? 0.04 : 0.15 + 0.7 * share})`,
                      color: share > 0.55 ? 'white' : '#18181b',
                    }}
                  >
                    {formatCount(count)}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

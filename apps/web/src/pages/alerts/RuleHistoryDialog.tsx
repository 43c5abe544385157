import type { AlertRule } from '@aistudio/contracts';
import { useProjectMembers } from '../../api/project-members';
import { allItems } from '../../api/pagination';
import { LoadMore } from '../../components/LoadMore';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Dialog } from '../../components/ui/Dialog';
import { formatDateTime } from '../../format/dates';
import { useAlertEvents } from './alerts-queries';
import { changedBy, describeTransition } from './rule-form';

/** A rule's state changes, newest first, each with its value, threshold and who caused it. */
export function RuleHistoryDialog(props: {
  projectId: string;
  rule: AlertRule;
  onClose: () => void;
}) {
  const events = useAlertEvents(props.rule.id);
  const members = useProjectMembers(props.projectId);
  const names = new Map(allItems(members.data).map((m) => [m.userId, m.name || m.email]));
  const items = allItems(events.data);
  return (
    <Dialog
      open
      onClose={props.onClose}
      className="max-w-2xl"
      title={`History of “${props.rule.name}”`}
    >
      <div className="flex flex-col gap-3">
        <ProblemAlert error={events.error} />
        {events.isSuccess && items.length === 0 && (
          <p className="text-sm text-zinc-500">No state changes yet.</p>
        )}
        <ol className="flex flex-col divide-y divide-zinc-100" aria-label="State changes">
          {items.map((event) => (
            <li key={event.id} className="flex flex-col gap-0.5 py-2 text-sm">
              <span className="font-medium">{describeTransition(event)}</span>
              <span className="text-xs text-zinc-500">
                {formatDateTime(event.createdAt)} · by {changedBy(event, names)}
              </span>
              {event.message && <span className="text-xs text-zinc-600">{event.message}</span>}
            </li>
          ))}
        </ol>
        <LoadMore
          hasNextPage={events.hasNextPage}
          isFetchingNextPage={events.isFetchingNextPage}
          fetchNextPage={events.fetchNextPage}
        />
      </div>
    </Dialog>
  );
}

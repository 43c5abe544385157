import type { Review } from '@aistudio/contracts';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/problems';
import { useDecideReview, type ReviewDecision } from '../../api/reviews';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Textarea } from '../../components/ui/Input';

interface DecideReviewDialogProps {
  orgId: string;
  /** The review and the decision to record; null when closed. */
  deciding: { review: Review; decision: ReviewDecision } | null;
  onClose: () => void;
}

/** Approve or reject with a reason: the uploader sees it and the audit log keeps it. */
export function DecideReviewDialog({ orgId, deciding, onClose }: DecideReviewDialogProps) {
  const [reason, setReason] = useState('');
  const decide = useDecideReview(orgId);
  const errors = fieldErrors(decide.error);

  const close = () => {
    setReason('');
    decide.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!deciding) return;
    decide.mutate(
      { reviewId: deciding.review.id, decision: deciding.decision, reason: reason.trim() },
      { onSuccess: close },
    );
  };

  const approving = deciding?.decision === 'approve';
  return (
    <Dialog
      open={deciding !== null}
      onClose={close}
      title={
        deciding
          ? `${approving ? 'Approve' : 'Reject'} version ${deciding.review.versionNumber} of “${deciding.review.datasetName}”`
          : ''
      }
      description={deciding ? `Sent to review because: ${deciding.review.reason}` : undefined}
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <FormField
          label="Reason"
          error={errors.reason}
          hint="Required. Shown to the uploader and kept in the audit log."
        >
          {(control) => (
            <Textarea
              {...control}
              required
              autoFocus
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </FormField>
        {Object.keys(errors).length === 0 && <ProblemAlert error={decide.error} />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button
            type="submit"
            variant={approving ? 'primary' : 'destructive'}
            disabled={decide.isPending || !reason.trim()}
          >
            {decide.isPending ? 'Saving…' : approving ? 'Approve' : 'Reject'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

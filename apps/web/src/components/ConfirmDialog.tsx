import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ProblemAlert } from './ProblemAlert';
import { Button } from './ui/Button';
import { Dialog } from './ui/Dialog';

interface ConfirmDialogProps<V> {
  open: boolean;
  onClose: () => void;
  /** The action to confirm, run with `variables`; the dialog closes when it succeeds. */
  mutation: UseMutationResult<unknown, unknown, V>;
  variables: V;
  onDone?: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
}

/** Asks before a destructive action; stays open with the problem detail if it fails. */
export function ConfirmDialog<V>({
  open,
  onClose,
  mutation,
  variables,
  onDone,
  title,
  children,
  confirmLabel,
}: ConfirmDialogProps<V>) {
  const close = () => {
    mutation.reset();
    onClose();
  };
  const confirm = () =>
    mutation.mutate(variables, {
      onSuccess: () => {
        onClose();
        onDone?.();
      },
    });
  return (
    <Dialog
      open={open}
      onClose={close}
      title={title}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="destructive" disabled={mutation.isPending} onClick={confirm}>
            {mutation.isPending ? 'Working…' : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-3 text-sm text-zinc-600">
        {children}
        <ProblemAlert error={mutation.error} />
      </div>
    </Dialog>
  );
}

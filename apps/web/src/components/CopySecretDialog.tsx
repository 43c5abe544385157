import { Check, Copy } from 'lucide-react';
import { useRef, useState } from 'react';
import { FormField } from './FormField';
import { Alert } from './ui/Alert';
import { Button } from './ui/Button';
import { Dialog } from './ui/Dialog';
import { Input } from './ui/Input';

interface CopySecretDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Label of the read-only field holding the secret. */
  label: string;
  secret: string;
  warning: string;
}

/** Shows a secret the server returns only once, with a Copy button. */
export function CopySecretDialog({
  open,
  onClose,
  title,
  label,
  secret,
  warning,
}: CopySecretDialogProps) {
  const [copied, setCopied] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
    } catch {
      // Clipboard API refused (permissions, insecure origin): fall back to selecting the text.
      inputRef.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  };

  return (
    <Dialog
      open={open}
      onClose={() => {
        setCopied(false);
        onClose();
      }}
      title={title}
      footer={<Button onClick={onClose}>Done</Button>}
    >
      <div className="flex flex-col gap-4">
        <Alert variant="warning" title="Copy it now">
          {warning}
        </Alert>
        <FormField label={label}>
          {(control) => (
            <div className="flex gap-2">
              <Input
                {...control}
                ref={inputRef}
                readOnly
                value={secret}
                className="font-mono text-xs"
                onFocus={(event) => event.currentTarget.select()}
              />
              <Button variant="secondary" onClick={() => void copy()} aria-live="polite">
                {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
          )}
        </FormField>
      </div>
    </Dialog>
  );
}

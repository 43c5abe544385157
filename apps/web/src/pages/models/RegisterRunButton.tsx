import type { Run } from '@aistudio/contracts';
import { PackagePlus } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { RegisterRunDialog } from './RegisterRunDialog';

/** The run page's "Register": the run becomes a model's next version, then that model opens. */
export function RegisterRunButton({ run }: { run: Run }) {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <PackagePlus aria-hidden /> Register
      </Button>
      <RegisterRunDialog
        projectId={run.projectId}
        run={run}
        open={open}
        onClose={() => setOpen(false)}
        onRegistered={(version) =>
          void navigate(`/models/${version.modelId}?version=${version.version}`)
        }
      />
    </>
  );
}

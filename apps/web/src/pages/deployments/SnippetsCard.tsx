import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { Tabs } from '../../components/ui/Tabs';
import { scoringSnippet, type ScoringEndpoint, type SnippetLanguage } from './snippets';

const LANGUAGES = [
  { id: 'curl', label: 'curl' },
  { id: 'typescript', label: 'TypeScript' },
  { id: 'python', label: 'Python' },
] as const;

/** Copyable calls of /predict and MLflow's /invocations for this deployment. */
export function SnippetsCard(props: { deploymentId: string; record: Record<string, unknown> }) {
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const [endpoint, setEndpoint] = useState<ScoringEndpoint>('predict');
  const [copied, setCopied] = useState(false);
  const code = scoringSnippet(
    {
      origin: window.location.origin,
      deploymentId: props.deploymentId,
      endpoint,
      record: props.record,
    },
    language,
  );
  const copy = () =>
    void navigator.clipboard.writeText(code).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Call it from code</CardTitle>
        <CardDescription>
          With an API key that has the <code>predict</code> scope, in <code>AISTUDIO_API_KEY</code>.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <div className="flex gap-2" role="group" aria-label="Endpoint">
          {(['predict', 'invocations'] as const).map((e) => (
            <Button
              key={e}
              size="sm"
              variant={endpoint === e ? 'primary' : 'secondary'}
              aria-pressed={endpoint === e}
              onClick={() => setEndpoint(e)}
            >
              /{e}
            </Button>
          ))}
        </div>
        <Tabs label="Language" tabs={LANGUAGES} value={language} onChange={setLanguage}>
          <div className="relative">
            <pre
              aria-label={`${language} snippet`}
              className="overflow-x-auto rounded-md bg-zinc-950 p-4 pr-24 text-xs leading-5 text-zinc-100"
            >
              {code}
            </pre>
            <Button size="sm" variant="secondary" className="absolute top-2 right-2" onClick={copy}>
              {copied ? <Check aria-hidden /> : <Copy aria-hidden />} {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </Tabs>
      </CardContent>
    </Card>
  );
}

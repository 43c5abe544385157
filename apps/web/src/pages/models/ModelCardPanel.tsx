import { Download, Pencil } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { modelCardDownloadUrl, useModelCard, useUpdateModelCard } from '../../api/models';
import { fieldErrors } from '../../api/problems';
import { FormField } from '../../components/FormField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Button, buttonClasses } from '../../components/ui/Button';
import { Textarea } from '../../components/ui/Input';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../format/dates';
import { cardBlocks, cardSpans, splitFrontMatter, type CardBlock } from './card-markdown';

/** A version's model card: rendered, editable as Markdown, downloadable as README.md. */
export function ModelCardPanel({ modelId, version }: { modelId: string; version: number }) {
  const card = useModelCard(modelId, version);
  const update = useUpdateModelCard(modelId, version);
  const [draft, setDraft] = useState<string | null>(null);
  const errors = fieldErrors(update.error);

  if (card.isPending) return <Skeleton className="h-64 w-full" />;
  if (card.isError) return <ProblemAlert error={card.error} />;
  const save = () =>
    update.mutate(draft ?? '', {
      onSuccess: () => setDraft(null),
    });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-500">
          {card.data.updatedAt
            ? `Edited ${formatDateTime(card.data.updatedAt)}`
            : 'As generated at registration'}
        </p>
        <div className="flex gap-2">
          {draft === null && (
            <Button variant="secondary" onClick={() => setDraft(card.data.markdown)}>
              <Pencil aria-hidden /> Edit card
            </Button>
          )}
          <a
            href={modelCardDownloadUrl(modelId, version)}
            download="README.md"
            className={buttonClasses('secondary')}
          >
            <Download aria-hidden /> Download README.md
          </a>
        </div>
      </div>
      {draft !== null ? (
        <div className="flex flex-col gap-3">
          <FormField
            label="Model card (Markdown)"
            error={errors.markdown}
            hint="YAML front matter between --- lines holds the Hugging Face metadata (license, datasets, metrics, model-index)."
          >
            {(control) => (
              <Textarea
                {...control}
                className="min-h-96 font-mono text-xs"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
            )}
          </FormField>
          {!errors.markdown && <ProblemAlert error={update.error} />}
          <div className="flex justify-end gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                setDraft(null);
                update.reset();
              }}
            >
              Cancel
            </Button>
            <Button onClick={save} disabled={update.isPending || draft.trim() === ''}>
              {update.isPending ? 'Saving…' : 'Save card'}
            </Button>
          </div>
        </div>
      ) : (
        <CardView markdown={card.data.markdown} />
      )}
    </div>
  );
}

function CardView({ markdown }: { markdown: string }) {
  const { frontMatter, body } = splitFrontMatter(markdown);
  return (
    <article aria-label="Model card" className="flex flex-col gap-3 text-sm leading-6">
      {frontMatter !== null && (
        <details className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2">
          <summary className="cursor-pointer text-xs font-medium text-zinc-600">
            Metadata (YAML front matter)
          </summary>
          <pre className="mt-2 overflow-x-auto text-xs">{frontMatter}</pre>
        </details>
      )}
      {cardBlocks(body).map((block, i) => (
        <Block key={i} block={block} />
      ))}
    </article>
  );
}

function Block({ block }: { block: CardBlock }) {
  switch (block.kind) {
    case 'heading': {
      const sizes = ['text-xl', 'text-lg', 'text-base', 'text-sm', 'text-sm', 'text-sm'];
      const Tag = `h${Math.min(6, block.level + 1)}` as 'h2';
      return (
        <Tag className={`${sizes[block.level - 1]} mt-2 font-semibold`}>
          <Inline text={block.text} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p>
          <Inline text={block.text} />
        </p>
      );
    case 'list': {
      const List = block.ordered ? 'ol' : 'ul';
      return (
        <List className={`${block.ordered ? 'list-decimal' : 'list-disc'} pl-6`}>
          {block.items.map((item, i) => (
            <li key={i}>
              <Inline text={item} />
            </li>
          ))}
        </List>
      );
    }
    case 'code':
      return (
        <pre className="overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 text-xs">{block.text}</pre>
      );
    case 'table':
      return (
        <div className="overflow-x-auto">
          <table className="text-sm">
            <thead>
              <tr>
                {block.header.map((cell, i) => (
                  <th key={i} className="border-b border-zinc-200 px-3 py-1 text-left font-medium">
                    <Inline text={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} className="border-b border-zinc-100 px-3 py-1 tabular-nums">
                      <Inline text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
}

function Inline({ text }: { text: string }): ReactNode {
  return cardSpans(text).map((span, i) => {
    switch (span.kind) {
      case 'code':
        return (
          <code key={i} className="rounded bg-zinc-100 px-1 text-xs">
            {span.text}
          </code>
        );
      case 'strong':
        return <strong key={i}>{span.text}</strong>;
      case 'em':
        return <em key={i}>{span.text}</em>;
      case 'link':
        return (
          <a key={i} href={span.href} rel="noreferrer" target="_blank" className="underline">
            {span.text}
          </a>
        );
      default:
        return span.text;
    }
  });
}

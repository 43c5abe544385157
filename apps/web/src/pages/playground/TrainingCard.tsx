import { Pause, Play, Square } from 'lucide-react';
import { LineChart, type LineSeries } from '../../components/charts/LineChart';
import { Button } from '../../components/ui/Button';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '../../components/ui/Card';
import { formatCount, formatStat } from '../../format/numbers';
import type { LossCurve, TrainingPhase } from './use-browser-training';

interface TrainingCardProps {
  phase: TrainingPhase;
  curve: LossCurve;
  split: { trainRows: number; testRows: number } | null;
  trainingMs: number | null;
  pausable: boolean;
  canTrain: boolean;
  onTrain: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}

const phaseText: Record<TrainingPhase, string> = {
  idle: 'Not started',
  training: 'Training',
  paused: 'Paused',
  evaluating: 'Evaluating on the held-out rows',
  done: 'Done',
  stopped: 'Stopped',
  failed: 'Failed',
};

/** The controls of a training and its loss curves as they grow. */
export function TrainingCard(props: TrainingCardProps) {
  const { phase, curve, split, trainingMs, pausable } = props;
  const busy = phase === 'training' || phase === 'paused' || phase === 'evaluating';
  const last = curve.iteration.length - 1;
  const series: LineSeries[] = [{ name: 'training loss', x: curve.iteration, y: curve.train }];
  if (curve.valid.some(Number.isFinite)) {
    series.push({ name: 'validation loss', x: curve.iteration, y: curve.valid, dashed: true });
  }
  const hasLoss = curve.train.some(Number.isFinite);
  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-1">
          <CardTitle>Training</CardTitle>
          <CardDescription>
            Runs in a Web Worker on this computer
            {split &&
              `: ${formatCount(split.trainRows)} training rows, ${formatCount(split.testRows)} held out`}
            .
          </CardDescription>
        </div>
        <div className="flex gap-2">
          {!busy && (
            <Button onClick={props.onTrain} disabled={!props.canTrain}>
              <Play aria-hidden />
              Train
            </Button>
          )}
          {phase === 'training' && pausable && (
            <Button variant="secondary" onClick={props.onPause}>
              <Pause aria-hidden />
              Pause
            </Button>
          )}
          {phase === 'paused' && (
            <Button variant="secondary" onClick={props.onResume}>
              <Play aria-hidden />
              Resume
            </Button>
          )}
          {(phase === 'training' || phase === 'paused') && (
            <Button variant="secondary" onClick={props.onStop}>
              <Square aria-hidden />
              Stop
            </Button>
          )}
        </div>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p role="status" aria-label="Training status" className="text-sm text-zinc-700">
          <span className="font-medium">{phaseText[phase]}</span>
          {last >= 0 && (
            <>
              {' · '}iteration <span data-testid="iteration">{curve.iteration[last]}</span>
              {Number.isFinite(curve.train[last]) &&
                ` · training loss ${formatStat(curve.train[last])}`}
              {Number.isFinite(curve.valid[last]) &&
                ` · validation loss ${formatStat(curve.valid[last])}`}
            </>
          )}
          {phase === 'done' &&
            trainingMs !== null &&
            ` · trained in ${formatStat(trainingMs / 1000)} s`}
        </p>
        {hasLoss ? (
          <LineChart label="Loss curves" series={series} xLabel="iteration" yLabel="loss" />
        ) : (
          last >= 0 && (
            <p className="text-sm text-zinc-500">
              This algorithm does not descend a loss: progress counts trees or solver steps.
            </p>
          )
        )}
      </CardContent>
    </Card>
  );
}

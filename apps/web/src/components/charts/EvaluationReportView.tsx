import type { EvaluationReport } from '@aistudio/engine';
import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../ui/Card';
import { formatCount, formatStat } from '../../format/numbers';
import { BarList } from './BarList';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FairnessTable } from './FairnessTable';
import { LineChart } from './LineChart';
import { ScatterChart } from './ScatterChart';

/** An engine evaluation report drawn as cards: metrics, curves, importance and SHAP. */
export default function EvaluationReportView({ report }: { report: EvaluationReport }) {
  return (
    <div className="flex flex-col gap-6">
      <MetricsCard report={report} />
      {report.classification && <ClassificationCards report={report.classification} />}
      {report.regression && <RegressionCard report={report.regression} />}
      {report.fairness && (
        <ChartCard
          title="Fairness"
          description={`The model's metrics per group of ${report.fairness.column} (${report.fairness.grouping}).`}
        >
          <FairnessTable report={report.fairness} />
        </ChartCard>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard title="Feature importance" description={importanceAbout(report)}>
          <BarList
            label="Feature importance"
            items={
              report.featureImportance.method === 'tree'
                ? report.featureImportance.features.map((f) => ({
                    name: f.column,
                    value: f.gainShare,
                  }))
                : report.featureImportance.features.map((f) => ({ name: f.column, value: f.mean }))
            }
          />
        </ChartCard>
        {report.shap && (
          <ChartCard
            title="SHAP summary"
            description={`Mean |SHAP| in ${report.shap.units} over ${formatCount(report.shap.rows)} held-out rows.`}
          >
            <BarList
              label="Mean absolute SHAP value"
              items={report.shap.meanAbs.map((m) => ({ name: m.column, value: m.value }))}
            />
          </ChartCard>
        )}
      </div>
    </div>
  );
}

function importanceAbout(report: EvaluationReport): string {
  const fi = report.featureImportance;
  return fi.method === 'tree'
    ? `Share of the ${fi.gainKind} from splits on each column.`
    : `Drop in ${fi.scoring} when a column is shuffled (${fi.repeats} shuffles of ${formatCount(fi.rows)} rows).`;
}

function MetricsCard({ report }: { report: EvaluationReport }) {
  const c = report.classification;
  const r = report.regression;
  const metrics: [string, string, number | null][] = c
    ? [
        ['accuracy', 'Accuracy', c.accuracy],
        ['balanced-accuracy', 'Balanced accuracy', c.balancedAccuracy],
        ['macro-f1', 'Macro F1', c.scores.macro.f1],
        ['log-loss', 'Log loss', c.logLoss],
        ['roc-auc', 'ROC AUC', c.rocAuc],
      ]
    : r
      ? [
          ['rmse', 'RMSE', r.rmse],
          ['mae', 'MAE', r.mae],
          ['r2', 'R²', r.r2],
          ['mape', 'MAPE', r.mape],
        ]
      : [];
  return (
    <ChartCard
      title="Evaluation"
      description={`${formatCount(report.rows)} held-out rows the model never trained on; target ${report.target}.`}
    >
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        {metrics.map(([id, label, value]) => (
          <div key={id} className="flex flex-col gap-0.5">
            <dt className="text-xs text-zinc-500">{label}</dt>
            <dd data-testid={`metric-${id}`} className="text-xl font-semibold tabular-nums">
              {formatStat(value)}
            </dd>
          </div>
        ))}
      </dl>
    </ChartCard>
  );
}

type Classification = NonNullable<EvaluationReport['classification']>;
type Regression = NonNullable<EvaluationReport['regression']>;

function ClassificationCards({ report }: { report: Classification }) {
  const roc = report.curves.filter((c) => c.roc !== null);
  const pr = report.curves.filter((c) => c.pr !== null);
  const calibration = report.curves.find((c) => c.calibration !== null)?.calibration;
  const vsRest = report.task === 'binary' ? '' : ' One class against the rest.';
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ChartCard title="Confusion matrix" description="Held-out rows by true and predicted class.">
        <div className="overflow-x-auto">
          <ConfusionMatrix labels={report.labels} counts={report.confusionMatrix} />
        </div>
      </ChartCard>
      {roc.length > 0 && (
        <ChartCard title="ROC curves" description={`True against false positive rate.${vsRest}`}>
          <LineChart
            label="ROC curves"
            shape="square"
            xLabel="false positive rate"
            yLabel="true positive rate"
            xDomain={[0, 1]}
            yDomain={[0, 1]}
            diagonal
            series={roc.map((c) => ({ name: c.label, x: c.roc!.fpr, y: c.roc!.tpr }))}
          />
        </ChartCard>
      )}
      {pr.length > 0 && (
        <ChartCard
          title="Precision–recall curves"
          description={`Precision at each recall.${vsRest}`}
        >
          <LineChart
            label="Precision-recall curves"
            shape="square"
            xLabel="recall"
            yLabel="precision"
            xDomain={[0, 1]}
            yDomain={[0, 1]}
            series={pr.map((c) => ({ name: c.label, x: c.pr!.recall, y: c.pr!.precision }))}
          />
        </ChartCard>
      )}
      {calibration && (
        <ChartCard
          title="Calibration"
          description="Share of positives against the mean predicted probability per bin; the diagonal is perfect."
        >
          <LineChart
            label="Calibration curve"
            shape="square"
            xLabel="mean predicted probability"
            yLabel="share of positives"
            xDomain={[0, 1]}
            yDomain={[0, 1]}
            diagonal
            series={[
              {
                name: 'equal-width bins',
                x: calibration.uniform.probPred,
                y: calibration.uniform.probTrue,
              },
              {
                name: 'equal-count bins',
                x: calibration.quantile.probPred,
                y: calibration.quantile.probTrue,
                dashed: true,
              },
            ]}
          />
        </ChartCard>
      )}
    </div>
  );
}

function RegressionCard({ report }: { report: Regression }) {
  const { actual, predicted, residual } = report.residuals.points;
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <ChartCard
        title="Predicted against actual"
        description="Points on the dashed line are predicted exactly."
      >
        <ScatterChart
          label="Predicted against actual values"
          x={actual}
          y={predicted}
          xLabel="actual"
          yLabel="predicted"
          reference="diagonal"
        />
      </ChartCard>
      <ChartCard title="Residuals" description="Actual minus predicted, against the prediction.">
        <ScatterChart
          label="Residuals against predicted values"
          x={predicted}
          y={residual}
          xLabel="predicted"
          yLabel="residual"
          reference="zero"
        />
      </ChartCard>
    </div>
  );
}

function ChartCard({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

import { describe, expect, it } from 'vitest';
import { pythonLiteral, scoringSnippet, scoringUrl, shellQuote } from './snippets';

const request = {
  origin: 'https://studio.example.com/',
  deploymentId: 'd-1',
  endpoint: 'predict' as const,
  record: { Island: "Dream's end", 'Beak Length (mm)': 39.5, Sex: null },
};

describe('scoring snippets', () => {
  it('points at the deployment on the origin the browser sees', () => {
    expect(scoringUrl(request)).toBe('https://studio.example.com/api/v1/deployments/d-1/predict');
    expect(scoringUrl({ ...request, endpoint: 'invocations' })).toBe(
      'https://studio.example.com/api/v1/deployments/d-1/invocations',
    );
  });

  it('writes a curl command whose body survives the shell', () => {
    const curl = scoringSnippet(request, 'curl');
    expect(curl).toContain('-H "Authorization: Bearer $AISTUDIO_API_KEY"');
    expect(curl).toContain(
      `-d '{"records":[{"Island":"Dream'\\''s end","Beak Length (mm)":39.5,"Sex":null}]}'`,
    );
  });

  it('sends MLflow dataframe_records to /invocations', () => {
    const curl = scoringSnippet({ ...request, endpoint: 'invocations' }, 'curl');
    expect(curl).toContain(`'{"dataframe_records":[{`);
  });

  it('writes TypeScript fetch with the key from the environment and a JSON body', () => {
    const ts = scoringSnippet(request, 'typescript');
    expect(ts).toContain('await fetch("https://studio.example.com/api/v1/deployments/d-1/predict"');
    expect(ts).toContain('authorization: `Bearer ${process.env.AISTUDIO_API_KEY}`');
    const body = /JSON\.stringify\(([\s\S]*)\),\n\}\);/.exec(ts)![1]!;
    expect(JSON.parse(body)).toEqual({ records: [request.record] });
  });

  it('writes Python requests with None for missing values', () => {
    const py = scoringSnippet(request, 'python');
    expect(py).toContain('import requests');
    expect(py).toContain(`headers={"Authorization": f"Bearer {os.environ['AISTUDIO_API_KEY']}"}`);
    expect(py).toContain('"Sex": None,');
    expect(py).toContain('"Beak Length (mm)": 39.5,');
  });

  it('quotes shell words and Python literals', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(pythonLiteral({ a: [true, false, null], b: {} })).toBe(
      '{\n    "a": [\n        True,\n        False,\n        None,\n    ],\n    "b": {},\n}',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { describeRule, emptyRuleForm, ruleFromForm } from './rule-form';

describe('ruleFromForm', () => {
  it('turns the percent into a share and numeric values into numbers', () => {
    expect(
      ruleFromForm({
        ...emptyRuleForm('year'),
        kind: 'in_set',
        values: '2007, 2008,2009',
        mostlyPercent: '95',
      }),
    ).toEqual({ kind: 'in_set', column: 'year', mostly: 0.95, values: [2007, 2008, 2009] });
  });

  it('keeps values as text when any one is not a number', () => {
    expect(
      ruleFromForm({ ...emptyRuleForm('sex'), kind: 'in_set', values: 'MALE, FEMALE, 1' }),
    ).toMatchObject({
      values: ['MALE', 'FEMALE', '1'],
    });
  });

  it('leaves an empty bound out', () => {
    expect(ruleFromForm({ ...emptyRuleForm('mass'), kind: 'between', min: '0', max: ' ' })).toEqual(
      {
        kind: 'between',
        column: 'mass',
        mostly: 1,
        min: 0,
        max: undefined,
      },
    );
  });
});

describe('describeRule', () => {
  it('says the rule in words, with its tolerance', () => {
    expect(
      describeRule({ kind: 'between', column: 'mass', mostly: 0.95, min: 0, max: undefined }),
    ).toBe('mass is between 0 and ∞ (at least 95 %)');
    expect(describeRule({ kind: 'not_null', column: 'id', mostly: 1 })).toBe('id is not missing');
  });
});

/** A small licence-clean table shipped with the web app (see public/datasets/README.md). */
export interface BundledDataset {
  readonly id: string;
  readonly label: string;
  readonly url: string;
  readonly target: string;
  /** Columns left out of the features by default (identifiers, dates as text). */
  readonly exclude: readonly string[];
  readonly about: string;
  readonly licence: string;
  /** Its SPDX id among the studio's licences, for registering a model trained on it. */
  readonly licenceId: string | null;
}

export const BUNDLED_DATASETS: readonly BundledDataset[] = [
  {
    id: 'penguins-species',
    label: 'Palmer penguins: species',
    url: '/datasets/penguins.json',
    target: 'Species',
    exclude: [],
    about:
      '344 penguins of three species, with beak, flipper and body measurements (classification).',
    licence: 'CC0 1.0, Palmer Station LTER / K. Gorman',
    licenceId: 'CC0-1.0',
  },
  {
    id: 'penguins-mass',
    label: 'Palmer penguins: body mass',
    url: '/datasets/penguins.json',
    target: 'Body Mass (g)',
    exclude: [],
    about: 'The same penguins; predict body mass in grams from the other columns (regression).',
    licence: 'CC0 1.0, Palmer Station LTER / K. Gorman',
    licenceId: 'CC0-1.0',
  },
  {
    id: 'seattle-weather',
    label: 'Seattle weather: highest temperature',
    url: '/datasets/seattle-weather.csv',
    target: 'temp_max',
    exclude: ['date'],
    about:
      '1,461 days of Seattle weather, 2012–2015; predict the day’s highest temperature (regression).',
    licence: 'U.S. Government work (NOAA), public domain',
    // No SPDX id names U.S. Government works: the person saving chooses.
    licenceId: null,
  },
];

/** @jsxImportSource react */
// npm test runs the adapter's tests twice: on the root's React 19 and on React 18
// (test/react18/). This one proves each run is on the React it names, hooks and renderer alike.
import { render, screen } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, it } from 'vitest';
import { useIdentify } from './index.js';

function Probe() {
  return <output>{useIdentify(undefined).status}</output>;
}

it(`runs on React ${process.env.FEATUREBASE_REACT_MAJOR}`, () => {
  expect(version.split('.')[0]).toBe(process.env.FEATUREBASE_REACT_MAJOR);
  expect(domVersion).toBe(version);
  render(<Probe />);
  expect(screen.getByRole('status').textContent).toBe('idle');
});

import { angleAt, lineAngle, lineAngleDiff, unrotate } from './vec';

describe('landmark geometry helpers', () => {
  test('angleAt gives the interior angle', () => {
    expect(angleAt([0, 0], [1, 0], [0, 1])).toBeCloseTo(90);
    expect(angleAt([0, 0], [1, 0], [-1, 0])).toBeCloseTo(180);
    expect(angleAt([0, 0], [1, 0], [1, 1])).toBeCloseTo(45);
  });

  test('lineAngle is in image coordinates (y down)', () => {
    expect(lineAngle([0, 0], [1, 1])).toBeCloseTo(45);
    expect(lineAngle([0, 0], [-1, 0])).toBeCloseTo(180);
  });

  test('lineAngleDiff compares lines, not rays', () => {
    expect(lineAngleDiff(10, 190)).toBeCloseTo(0);
    expect(lineAngleDiff(0, 95)).toBeCloseTo(85);
    expect(lineAngleDiff(-5, 5)).toBeCloseTo(10);
  });

  test('unrotate makes a line at the given angle horizontal', () => {
    const p = unrotate([Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)], [0, 0], 30);
    expect(p[0]).toBeCloseTo(1);
    expect(p[1]).toBeCloseTo(0);
  });
});

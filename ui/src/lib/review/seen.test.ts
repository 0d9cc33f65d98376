import { describe, expect, it } from 'vitest';
import { inView, PreviewsSeen, TextsSeen, type MakeObserver, type VisibilityEntry } from './seen';

// A hand-driven IntersectionObserver: the test says what scrolled in and out of view.
function fakeObserver() {
  let callback: ((entries: readonly VisibilityEntry[]) => void) | null = null;
  const observed = new Set<Element>();
  const make: MakeObserver = (onChange) => {
    callback = onChange;
    return {
      observe: (el) => observed.add(el),
      unobserve: (el) => observed.delete(el),
      disconnect: () => observed.clear(),
    };
  };
  const show = (el: Element, ratio: number) => {
    if (!observed.has(el)) return;
    callback?.([{ target: el, isIntersecting: ratio > 0, intersectionRatio: ratio }]);
  };
  return { make, observed, show };
}

const element = () => document.createElement('div');

describe('inView', () => {
  it('needs half of the element in view, or half of the viewport filled by it', () => {
    const target = element();
    expect(inView({ target, isIntersecting: true, intersectionRatio: 0.5 })).toBe(true);
    expect(inView({ target, isIntersecting: true, intersectionRatio: 0.49 })).toBe(false);
    expect(inView({ target, isIntersecting: false, intersectionRatio: 0 })).toBe(false);
    // A card taller than the window: 30 % of it visible, but it fills 80 % of the viewport.
    expect(
      inView({
        target,
        isIntersecting: true,
        intersectionRatio: 0.3,
        intersectionRect: { height: 640 },
        rootBounds: { height: 800 },
      }),
    ).toBe(true);
  });
});

describe('TextsSeen', () => {
  it('reports each text once, when it first comes into view', () => {
    const observer = fakeObserver();
    const reported: number[] = [];
    const seen = new TextsSeen((index) => reported.push(index), observer.make);
    const first = element();
    const second = element();
    seen.watch(first, 1);
    seen.watch(second, 2);

    observer.show(first, 0.2);
    expect(reported).toEqual([]);
    observer.show(first, 0.9);
    observer.show(first, 0);
    observer.show(first, 1);
    expect(reported).toEqual([1]);
    observer.show(second, 0.6);
    expect(reported).toEqual([1, 2]);
  });

  it('stops reporting an element it no longer watches', () => {
    const observer = fakeObserver();
    const reported: number[] = [];
    const seen = new TextsSeen((index) => reported.push(index), observer.make);
    const text = element();
    const unwatch = seen.watch(text, 3);
    unwatch();
    observer.show(text, 1);
    expect(reported).toEqual([]);
    expect(observer.observed.size).toBe(0);
  });
});

describe('PreviewsSeen', () => {
  function setup(revision = 1) {
    const observer = fakeObserver();
    const reported: [string, number][] = [];
    const seen = new PreviewsSeen((id, rev) => reported.push([id, rev]), observer.make);
    const card = element();
    const item = { revision };
    seen.watch(card, 'image_uncrop-INSTAGRAM_STORY', () => item.revision);
    return { observer, reported, seen, card, item };
  }

  it('needs both: the frame loaded and the card in view, in either order', () => {
    const a = setup();
    a.observer.show(a.card, 1);
    expect(a.reported).toEqual([]);
    a.seen.loaded('image_uncrop-INSTAGRAM_STORY', 1);
    expect(a.reported).toEqual([['image_uncrop-INSTAGRAM_STORY', 1]]);

    const b = setup();
    b.seen.loaded('image_uncrop-INSTAGRAM_STORY', 1);
    expect(b.reported).toEqual([]);
    b.observer.show(b.card, 0.7);
    expect(b.reported).toEqual([['image_uncrop-INSTAGRAM_STORY', 1]]);
  });

  it('reports one revision once, however often it scrolls past', () => {
    const { observer, reported, seen, card } = setup();
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 1);
    observer.show(card, 1);
    observer.show(card, 0);
    observer.show(card, 1);
    expect(reported).toHaveLength(1);
  });

  it('reports again when a new revision loads in view, never an older one', () => {
    const { observer, reported, seen, card, item } = setup(1);
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 1);
    observer.show(card, 1);
    // Meta finished generating: Rust bumped the revision; the old frame's view does not count.
    item.revision = 2;
    observer.show(card, 0);
    observer.show(card, 1);
    expect(reported).toEqual([['image_uncrop-INSTAGRAM_STORY', 1]]);
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 2);
    expect(reported).toEqual([
      ['image_uncrop-INSTAGRAM_STORY', 1],
      ['image_uncrop-INSTAGRAM_STORY', 2],
    ]);
  });

  it('does not report a frame that loaded while the card was out of view, later replaced', () => {
    const { observer, reported, seen, card, item } = setup(4);
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 4);
    item.revision = 5;
    observer.show(card, 1);
    expect(reported).toEqual([]);
  });

  it('keeps what was loaded when the card is watched again (a re-render), and stops on stop()', () => {
    const { observer, reported, seen, card, item } = setup();
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 1);
    const again = element();
    seen.watch(again, 'image_uncrop-INSTAGRAM_STORY', () => item.revision);
    observer.show(again, 1);
    expect(reported).toEqual([['image_uncrop-INSTAGRAM_STORY', 1]]);
    seen.stop();
    item.revision = 2;
    seen.loaded('image_uncrop-INSTAGRAM_STORY', 2);
    observer.show(card, 1);
    expect(reported).toHaveLength(1);
  });
});

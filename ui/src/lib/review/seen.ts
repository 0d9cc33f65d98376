// What the reviewer actually had on screen. Rust's gate only lets an ad be approved once every
// generated text was displayed and every preview was loaded in view in its final state; this
// module decides when to tell Rust so (the rules about what counts stay in Rust).
//
// "In view" means at least half of the element inside the viewport (or, for an element taller
// than the viewport, filling at least half of it), as an IntersectionObserver reports it.

/** The part of an IntersectionObserverEntry this module reads (a fake one in tests). */
export interface VisibilityEntry {
  target: Element;
  isIntersecting: boolean;
  intersectionRatio: number;
  intersectionRect?: { height: number };
  rootBounds?: { height: number } | null;
}

export interface VisibilityObserver {
  observe(target: Element): void;
  unobserve(target: Element): void;
  disconnect(): void;
}

export type MakeObserver = (
  onChange: (entries: readonly VisibilityEntry[]) => void,
  options: IntersectionObserverInit,
) => VisibilityObserver;

export const IN_VIEW_RATIO = 0.5;

/** Thresholds at which the observer calls back: in and out of view, and the 50 % mark. */
const OPTIONS: IntersectionObserverInit = { threshold: [0, 0.25, IN_VIEW_RATIO, 0.75, 1] };

export function inView(entry: VisibilityEntry): boolean {
  if (!entry.isIntersecting) return false;
  if (entry.intersectionRatio >= IN_VIEW_RATIO) return true;
  const root = entry.rootBounds?.height ?? 0;
  return root > 0 && (entry.intersectionRect?.height ?? 0) >= root * IN_VIEW_RATIO;
}

/** The browser's IntersectionObserver; none (nothing ever in view) where there is none. */
export const browserObserver: MakeObserver = (onChange, options) => {
  if (typeof IntersectionObserver === 'undefined') {
    return { observe() {}, unobserve() {}, disconnect() {} };
  }
  return new IntersectionObserver((entries) => onChange(entries), options);
};

/**
 * Generated texts: reports each text's index once, the first time it is in view. One tracker
 * per mounted review screen, so opening the screen again reports again (Rust keeps the time).
 */
export class TextsSeen {
  readonly #report: (index: number) => void;
  readonly #observer: VisibilityObserver;
  readonly #watched = new Map<Element, number>();
  readonly #reported = new Set<number>();

  constructor(report: (index: number) => void, makeObserver: MakeObserver = browserObserver) {
    this.#report = report;
    this.#observer = makeObserver((entries) => {
      for (const entry of entries) {
        const index = this.#watched.get(entry.target);
        if (index === undefined || !inView(entry) || this.#reported.has(index)) continue;
        this.#reported.add(index);
        this.#report(index);
      }
    }, OPTIONS);
  }

  /** Watches the element showing text `index`; returns the function that stops watching it. */
  watch(element: Element, index: number): () => void {
    this.#watched.set(element, index);
    this.#observer.observe(element);
    return () => {
      this.#watched.delete(element);
      this.#observer.unobserve(element);
    };
  }

  stop(): void {
    this.#observer.disconnect();
    this.#watched.clear();
  }
}

interface PreviewWatch {
  element: Element | null;
  visible: boolean;
  /** Revision of the content the frame finished loading, or null while none has loaded. */
  loaded: number | null;
  /** Revision last reported, so one view of one revision is reported once. */
  reported: number | null;
  /** The item's revision now; a frame that loaded an older one does not count. */
  current: () => number;
}

/**
 * Previews: reports (id, revision) when the item's frame has loaded the content of `revision`
 * AND the item is in view, whichever happens last; again when a new revision loads in view.
 */
export class PreviewsSeen {
  readonly #report: (id: string, revision: number) => void;
  readonly #observer: VisibilityObserver;
  readonly #items = new Map<string, PreviewWatch>();
  readonly #ids = new Map<Element, string>();

  constructor(
    report: (id: string, revision: number) => void,
    makeObserver: MakeObserver = browserObserver,
  ) {
    this.#report = report;
    this.#observer = makeObserver((entries) => {
      for (const entry of entries) {
        const id = this.#ids.get(entry.target);
        const item = id === undefined ? undefined : this.#items.get(id);
        if (!id || !item) continue;
        item.visible = inView(entry);
        this.#check(id, item);
      }
    }, OPTIONS);
  }

  /**
   * Watches the element holding preview `id`; `current` reads the item's revision now.
   * Returns the function that stops watching it (what was loaded is kept for a re-watch).
   */
  watch(element: Element, id: string, current: () => number): () => void {
    const item = this.#item(id, current);
    item.current = current;
    item.element = element;
    item.visible = false;
    this.#ids.set(element, id);
    this.#observer.observe(element);
    return () => {
      this.#ids.delete(element);
      this.#observer.unobserve(element);
      if (item.element === element) {
        item.element = null;
        item.visible = false;
      }
    };
  }

  /** The frame of preview `id` fired `load` for the content of `revision`. */
  loaded(id: string, revision: number): void {
    const item = this.#item(id, () => revision);
    item.loaded = revision;
    this.#check(id, item);
  }

  stop(): void {
    this.#observer.disconnect();
    this.#ids.clear();
    this.#items.clear();
  }

  #item(id: string, current: () => number): PreviewWatch {
    let item = this.#items.get(id);
    if (!item) {
      item = { element: null, visible: false, loaded: null, reported: null, current };
      this.#items.set(id, item);
    }
    return item;
  }

  #check(id: string, item: PreviewWatch): void {
    const revision = item.loaded;
    if (!item.visible || revision === null || revision === item.reported) return;
    if (revision !== item.current()) return;
    item.reported = revision;
    this.#report(id, revision);
  }
}

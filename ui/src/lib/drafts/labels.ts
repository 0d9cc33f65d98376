import type { CallToActionType } from '../bindings/CallToActionType';

/** Button text per call-to-action type; a Record over the union fails the type check if Rust adds one. */
export const CTA_LABELS: Record<CallToActionType, string> = {
  LEARN_MORE: 'Learn more',
  SHOP_NOW: 'Shop now',
  SIGN_UP: 'Sign up',
  SUBSCRIBE: 'Subscribe',
  CONTACT_US: 'Contact us',
  BOOK_NOW: 'Book now',
  DOWNLOAD: 'Download',
  GET_OFFER: 'Get offer',
  GET_QUOTE: 'Get quote',
  APPLY_NOW: 'Apply now',
  ORDER_NOW: 'Order now',
  WATCH_MORE: 'Watch more',
  NO_BUTTON: 'No button',
};

/** The host of a link for the mock-ups ("example.com"), or '' when it is not a URL yet. */
export function displayDomain(link: string): string {
  try {
    return new URL(link.trim()).host.replace(/^www\./, '');
  } catch {
    return '';
  }
}

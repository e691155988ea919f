/**
 * Every string a reader sees on the preference page and the new-address confirmation page, in one
 * place for a later translation. Functions take the values they show; nothing here escapes HTML
 * (Astro does, where the pages print them). Pure.
 */
export const PAUSE_WEEKS = [2, 4, 8] as const;
export type PauseWeeks = (typeof PAUSE_WEEKS)[number];

const day = (iso: string, lang: string) => new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const preferenceText = {
  title: 'Manage your subscription',
  description: (publication: string) => `Your ${publication} subscription: pause, change address, leave, download or erase your data.`,
  intro: (email: string) => `These settings are for ${email}. Each button acts at once; nobody else can see this page without the link from your email.`,
  statusHeading: 'Your subscription',
  status: {
    confirmed: (publication: string) => `You get ${publication} every week.`,
    paused: (until: string, lang: string) => `Paused: the next issue you get is the first one after ${day(until, lang)}. Then your issues resume by themselves.`,
    pending: 'Your subscription is waiting for you to confirm it: use the link in the confirmation email.',
    unsubscribed: 'You are unsubscribed: no issues are sent to you.',
    bounced: 'Mail to this address bounced, so we stopped sending. Resubscribe to try again.',
  },
  pendingAddress: (email: string) => `A confirmation was sent to ${email}. Until you confirm it, issues keep coming here.`,
  pauseHeading: 'Take a break',
  pauseIntro: 'No issues for a while, then they come back without you doing anything.',
  pauseButton: (weeks: number) => `Pause for ${weeks} weeks`,
  resumeButton: 'Resume now',
  addressHeading: 'Change my address',
  addressIntro: 'We send a confirmation to the new address. Issues go there once you confirm it, and never again to this one.',
  addressLabel: 'New email address',
  addressButton: 'Send the confirmation',
  leaveHeading: 'Stop or restart',
  unsubscribeButton: 'Unsubscribe',
  resubscribeIntro: 'Want the issues again? We send a fresh confirmation link to this address.',
  resubscribeButton: 'Resubscribe',
  dataHeading: 'Your data',
  dataIntro: 'Download everything we hold about you as a JSON file, or erase it all. Erasing cannot be undone: we keep only a one-way fingerprint of the address so it is never mailed again.',
  exportButton: 'Download my data',
  eraseButton: 'Erase me',
  done: {
    paused: (until: string, lang: string) => `Paused until ${day(until, lang)}. Enjoy the break.`,
    resumed: 'Welcome back: you get the next issue.',
    addressRequested: (email: string) => `Check ${email}: the confirmation link there makes the change. Issues keep coming here until then.`,
    addressCooldown: (email: string) => `${email} is noted. A confirmation went out a few minutes ago; if it does not arrive, try again in ten minutes.`,
    addressSame: 'That is already your address: nothing to change.',
    addressUnavailable: 'That address cannot be used for this subscription. If it already has its own subscription, manage or leave that one with the link in its emails.',
    notSubscribed: 'Only an active subscription can be paused or moved to a new address.',
    unsubscribed: 'You are unsubscribed. Changed your mind? Resubscribe below.',
    resubscribed: (email: string) => `Check ${email}: confirm the new link and your issues start again.`,
    erased: (publication: string) => `Erased. Everything ${publication} held about you is gone, and this address will not be mailed again.`,
  },
  invalidTitle: 'This link does not work',
  invalid: (editor: string) => `This link is incomplete, was changed, or belongs to an address that has since changed or been erased. Use the "Manage your subscription" link in your latest email, or reply to any issue and ${editor} will help by hand.`,
  confirmAddress: {
    title: 'Confirm your new address',
    intro: (email: string) => `One click and ${email} gets every issue from now on, instead of your old address.`,
    button: 'Confirm my new address',
    doneTitle: 'Your address is changed',
    done: (email: string) => `From now on every issue goes to ${email}, and none to your old address.`,
    alreadyDone: (email: string) => `This address is already the one on file: issues go to ${email}.`,
    unavailableTitle: 'This address cannot be used',
    unavailable: 'This address now has its own subscription, or asked never to be mailed. Your old address keeps getting the issues.',
    expired: 'This confirmation link has expired or was replaced by a newer one. Ask again from "Manage your subscription" in any issue.',
  },
} as const;

/** Every URL path the site links to, built in one place so links and routes cannot drift apart. */
import { slug } from 'github-slugger';

export const paths = {
  home: () => '/',
  tip: (id: string) => `/tips/${id}/`,
  /** The archive's front page (the newest), or its numbered page `page`, counted from the oldest (src/views/pagination.ts). */
  tips: (page?: number) => (page === undefined ? '/tips/' : `/tips/page/${page}/`),
  issue: (number: number) => `/issues/${number}/`,
  issues: (page?: number) => (page === undefined ? '/issues/' : `/issues/page/${page}/`),
  tag: (tag: string, page?: number) => (page === undefined ? `/tags/${slug(tag)}/` : `/tags/${slug(tag)}/page/${page}/`),
  /** The social card (Open Graph image) of a tip page and of an issue page. */
  tipCard: (id: string) => `/og/tips/${id}.png`,
  issueCard: (number: number) => `/og/issues/${number}.png`,
  tagFeed: (tag: string) => `/tags/${slug(tag)}/rss.xml`,
  tags: () => '/tags/',
  author: (id: string) => `/authors/${id}/`,
  authors: () => '/authors/',
  about: () => '/about/',
  subscribe: () => '/subscribe/',
  search: () => '/search/',
  feed: () => '/rss.xml',
  confirm: () => '/confirm/',
  unsubscribe: () => '/unsubscribe/',
  preferences: () => '/preferences/',
  confirmAddress: () => '/preferences/address/',
  pickRedirect: (issue: number, pick: number, signature: string) => `/r/${issue}/${pick}/${signature}`,
};

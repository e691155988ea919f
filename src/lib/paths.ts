/** Every URL path the site links to, built in one place so links and routes cannot drift apart. */
import { slug } from 'github-slugger';

export const paths = {
  home: () => '/',
  tip: (id: string) => `/tips/${id}/`,
  tips: (page = 1) => (page === 1 ? '/tips/' : `/tips/page/${page}/`),
  issue: (number: number) => `/issues/${number}/`,
  issues: (page = 1) => (page === 1 ? '/issues/' : `/issues/page/${page}/`),
  /** The social card (Open Graph image) of a tip page and of an issue page. */
  tipCard: (id: string) => `/og/tips/${id}.png`,
  issueCard: (number: number) => `/og/issues/${number}.png`,
  tag: (tag: string, page = 1) => (page === 1 ? `/tags/${slug(tag)}/` : `/tags/${slug(tag)}/page/${page}/`),
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
};

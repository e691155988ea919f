/** What Astro's middleware gives every on-demand page and endpoint (see src/server/middleware.ts). */
declare namespace App {
  interface Locals {
    services: import('./server/services.ts').Services;
  }
}

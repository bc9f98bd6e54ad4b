import { Link, PAGES, useLocation } from '../../navigation/router';

/**
 * An address that is none of the app's pages (a mistyped, cut or outdated link):
 * said plainly, with the address as typed and the ways back, instead of
 * showing some other page as if it were the one asked for.
 */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <div className="not-found">
      <h1 className="page__title" tabIndex={-1}>
        Page not found
      </h1>
      <div className="empty">
        <p>
          Mark.0 has no page at <code>{pathname}</code>. The link may be mistyped or out of date.
        </p>
        <p className="empty__actions">
          <Link to={PAGES.write.path} className="button button--primary">
            Write a post
          </Link>
          <Link to={PAGES.posts.path} className="button button--secondary">
            Your posts
          </Link>
        </p>
      </div>
    </div>
  );
}

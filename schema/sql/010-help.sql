-- selfcare: help articles and their "was this helpful?" feedback.
--
-- Customers read published articles in their language (portal/help.c);
-- the operator's staff write them (the back office). Every text a person
-- reads is one row per language (nb, da, en), so a category or an article
-- is translated by adding rows, and the search looks only at the reader's
-- language. Bodies are plain text: paragraphs separated by a blank line,
-- never HTML (the stylesheet makes the paragraphs).

-- Categories, in the order the help page lists them.
CREATE TABLE help_categories (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(32) CHARACTER SET ascii NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY help_categories_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE help_category_names (
  category_id BIGINT UNSIGNED NOT NULL,
  lang        ENUM('nb','da','en') NOT NULL,
  name        VARCHAR(100) NOT NULL,
  PRIMARY KEY (category_id, lang),
  CONSTRAINT help_category_names_category FOREIGN KEY (category_id)
    REFERENCES help_categories (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An article: its address (/help/SLUG), category, place in the category
-- and state. A draft is the staff's only: customers get 404. Who wrote
-- and last changed it are staff (migration 008).
CREATE TABLE help_articles (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  slug        VARCHAR(64) CHARACTER SET ascii NOT NULL,
  category_id BIGINT UNSIGNED NOT NULL,
  position    INT NOT NULL DEFAULT 0,
  status      ENUM('draft','published') NOT NULL DEFAULT 'draft',
  created_by  BIGINT UNSIGNED NULL,
  updated_by  BIGINT UNSIGNED NULL,
  created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY help_articles_slug (slug),
  KEY help_articles_category (category_id, status, position),
  CONSTRAINT help_articles_category FOREIGN KEY (category_id) REFERENCES help_categories (id),
  CONSTRAINT help_articles_created_by FOREIGN KEY (created_by) REFERENCES staff (id)
    ON DELETE SET NULL,
  CONSTRAINT help_articles_updated_by FOREIGN KEY (updated_by) REFERENCES staff (id)
    ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An article's title and body in one language. An article is shown in a
-- language only when it has that language's row.
CREATE TABLE help_article_texts (
  article_id  BIGINT UNSIGNED NOT NULL,
  lang        ENUM('nb','da','en') NOT NULL,
  title       VARCHAR(200) NOT NULL,
  body        TEXT NOT NULL,
  updated_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (article_id, lang),
  KEY help_article_texts_lang (lang, article_id),
  CONSTRAINT help_article_texts_article FOREIGN KEY (article_id)
    REFERENCES help_articles (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The portal pages an article helps with, by page name (the <page name>
-- of the document: "locations", "invoice", "manage"), so every page can
-- offer "help for this page".
CREATE TABLE help_article_pages (
  article_id  BIGINT UNSIGNED NOT NULL,
  page        VARCHAR(64) CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (article_id, page),
  KEY help_article_pages_page (page, article_id),
  CONSTRAINT help_article_pages_article FOREIGN KEY (article_id)
    REFERENCES help_articles (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- "Was this article helpful?": one vote per user and article; voting
-- again replaces the vote, its comment included (voted_at is the latest).
-- lang is the language the user read the article in.
CREATE TABLE help_feedback (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  article_id  BIGINT UNSIGNED NOT NULL,
  user_id     BIGINT UNSIGNED NOT NULL,
  helpful     TINYINT(1) NOT NULL,
  comment     VARCHAR(1000) NULL,
  lang        ENUM('nb','da','en') NOT NULL,
  voted_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY help_feedback_vote (article_id, user_id),
  KEY help_feedback_user (user_id),
  KEY help_feedback_article_at (article_id, voted_at),
  CONSTRAINT help_feedback_article FOREIGN KEY (article_id)
    REFERENCES help_articles (id) ON DELETE CASCADE,
  CONSTRAINT help_feedback_user FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

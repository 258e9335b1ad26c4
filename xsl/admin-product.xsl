<?xml version="1.0" encoding="UTF-8"?>
<!-- A product of the catalogue (back office), or a new one: its details,
     names and notes in each language, its prices by country and day (a new
     price from a date), the contract list, retirement. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="page" mode="title.admin-product">
    <xsl:choose>
      <xsl:when test="product"><xsl:value-of select="product/name"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('catalogue.new.title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="page" mode="content.admin-product">
    <xsl:variable name="p" select="product"/>
    <p class="back"><a class="back-link" href="/admin/catalogue"><xsl:value-of select="sc:t('catalogue.back')"/></a></p>
    <xsl:choose>
      <xsl:when test="$p">
        <h1><xsl:value-of select="$p/name"/></h1>
        <dl class="details">
          <dt><xsl:value-of select="sc:t('catalogue.col.code')"/></dt><dd><code><xsl:value-of select="$p/code"/></code></dd>
          <dt><xsl:value-of select="sc:t('catalogue.field.kind')"/></dt><dd><xsl:call-template name="catalogue-kind"><xsl:with-param name="code" select="$p/@kind"/></xsl:call-template></dd>
          <dt><xsl:value-of select="sc:t('catalogue.in-use')"/></dt><dd><xsl:value-of select="$p/in-use"/></dd>
          <xsl:if test="$p/retired">
            <dt><xsl:value-of select="sc:t('catalogue.retired-on')"/></dt><dd><xsl:value-of select="sc:date($p/retired)"/></dd>
          </xsl:if>
        </dl>
        <xsl:call-template name="product-details"><xsl:with-param name="p" select="$p"/></xsl:call-template>
        <xsl:call-template name="product-prices"><xsl:with-param name="p" select="$p"/></xsl:call-template>
        <xsl:call-template name="product-companies"><xsl:with-param name="p" select="$p"/></xsl:call-template>
        <xsl:if test="not($p/retired)">
          <h2 id="retire-title"><xsl:value-of select="sc:t('catalogue.retire')"/></h2>
          <p><xsl:value-of select="sc:t('catalogue.retire.intro')"/></p>
          <form method="post" action="/admin/catalogue/{$p/@id}/retire" class="form" aria-labelledby="retire-title">
            <xsl:call-template name="hidden-fields"/>
            <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('catalogue.retire.submit')"/></button></p>
          </form>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <h1><xsl:value-of select="sc:t('catalogue.new.title')"/></h1>
        <xsl:call-template name="product-details"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The details form: on a new product also its kind, code and first
       price. Values: as typed when re-shown, else the product's. -->
  <xsl:template name="product-details">
    <xsl:param name="p" select="/.."/>
    <xsl:variable name="f" select="/page/form[@name = 'catalogue-product']"/>
    <xsl:variable name="stored" select="not($f) and $p"/>
    <h2 id="details-title"><xsl:value-of select="sc:t('catalogue.details')"/></h2>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" class="form" aria-labelledby="details-title">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="$p">/admin/catalogue/<xsl:value-of select="$p/@id"/></xsl:when>
          <xsl:otherwise>/admin/catalogue/new</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="hidden-fields"/>
      <xsl:if test="not($p)">
        <xsl:call-template name="catalogue-select">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="id" select="'catalogue-product'"/>
          <xsl:with-param name="name" select="'kind'"/>
          <xsl:with-param name="label" select="sc:t('catalogue.field.kind')"/>
          <xsl:with-param name="options" select="/page/choices/kind"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="$f"/>
          <xsl:with-param name="name" select="'code'"/>
          <xsl:with-param name="label" select="sc:t('catalogue.field.code')"/>
          <xsl:with-param name="max" select="32"/>
        </xsl:call-template>
      </xsl:if>
      <fieldset>
        <legend><xsl:value-of select="sc:t('catalogue.names')"/></legend>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'name'"/><xsl:with-param name="lang" select="'nb'"/><xsl:with-param name="label" select="sc:t('catalogue.field.name-nb')"/></xsl:call-template>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'name'"/><xsl:with-param name="lang" select="'da'"/><xsl:with-param name="label" select="sc:t('catalogue.field.name-da')"/></xsl:call-template>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'name'"/><xsl:with-param name="lang" select="'en'"/><xsl:with-param name="label" select="sc:t('catalogue.field.name-en')"/></xsl:call-template>
      </fieldset>
      <fieldset>
        <legend><xsl:value-of select="sc:t('catalogue.notes')"/></legend>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'note'"/><xsl:with-param name="lang" select="'nb'"/><xsl:with-param name="label" select="sc:t('catalogue.field.note-nb')"/></xsl:call-template>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'note'"/><xsl:with-param name="lang" select="'da'"/><xsl:with-param name="label" select="sc:t('catalogue.field.note-da')"/></xsl:call-template>
        <xsl:call-template name="product-text"><xsl:with-param name="f" select="$f"/><xsl:with-param name="p" select="$p"/><xsl:with-param name="what" select="'note'"/><xsl:with-param name="lang" select="'en'"/><xsl:with-param name="label" select="sc:t('catalogue.field.note-en')"/></xsl:call-template>
      </fieldset>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'quota'"/>
        <xsl:with-param name="label" select="sc:t('catalogue.field.quota')"/>
        <xsl:with-param name="value" select="$f/value[@name = 'quota'] | $p/quota[$stored]"/>
        <xsl:with-param name="max" select="6"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="catalogue-select">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="id" select="'catalogue-product'"/>
        <xsl:with-param name="name" select="'vat'"/>
        <xsl:with-param name="label" select="sc:t('catalogue.field.vat')"/>
        <xsl:with-param name="options" select="/page/choices/vat-class"/>
        <xsl:with-param name="value" select="$f/value[@name = 'vat'] | $p/vat-class[$stored]"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'available-from'"/>
        <xsl:with-param name="label" select="sc:t('catalogue.field.available-from')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="value" select="$f/value[@name = 'available-from'] | $p/available-from[$stored]"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'available-to'"/>
        <xsl:with-param name="label" select="sc:t('catalogue.field.available-to')"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="value" select="$f/value[@name = 'available-to'] | $p/available-to[$stored]"/>
        <xsl:with-param name="required" select="false()"/>
      </xsl:call-template>
      <div class="field">
        <label class="check">
          <input type="checkbox" id="catalogue-product-contract" name="contract" value="yes">
            <xsl:if test="$f/value[@name = 'contract'] = 'yes' or ($stored and $p/@contract-only)">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
          </input>
          <xsl:text> </xsl:text>
          <xsl:value-of select="sc:t('catalogue.field.contract')"/>
        </label>
      </div>
      <xsl:if test="not($p)">
        <fieldset>
          <legend><xsl:value-of select="sc:t('catalogue.first-price')"/></legend>
          <xsl:call-template name="price-fields">
            <xsl:with-param name="form" select="$f"/>
            <xsl:with-param name="id" select="'catalogue-product'"/>
          </xsl:call-template>
        </fieldset>
      </xsl:if>
      <p>
        <button type="submit" class="button">
          <xsl:choose>
            <xsl:when test="$p"><xsl:value-of select="sc:t('catalogue.save')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="sc:t('catalogue.create')"/></xsl:otherwise>
          </xsl:choose>
        </button>
      </p>
    </form>
  </xsl:template>

  <!-- A name or note (what) in one language: as typed when the form is
       re-shown, else the product's. -->
  <xsl:template name="product-text">
    <xsl:param name="f"/>
    <xsl:param name="p"/>
    <xsl:param name="what"/>
    <xsl:param name="lang"/>
    <xsl:param name="label"/>
    <xsl:variable name="name" select="concat($what, '-', $lang)"/>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$f"/>
      <xsl:with-param name="name" select="$name"/>
      <xsl:with-param name="label" select="$label"/>
      <xsl:with-param name="value" select="$f/value[@name = $name] | $p[not($f)]/names/*[local-name() = $what and @lang = $lang]"/>
      <xsl:with-param name="max" select="200 + 300 * ($what = 'note')"/>
      <xsl:with-param name="required" select="$what = 'name'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A price's fields: country, monthly and one-off amounts, its first day
       (today unless typed). -->
  <xsl:template name="price-fields">
    <xsl:param name="form"/>
    <xsl:param name="id"/>
    <xsl:call-template name="catalogue-select">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="id" select="$id"/>
      <xsl:with-param name="name" select="'country'"/>
      <xsl:with-param name="label" select="sc:t('catalogue.field.country')"/>
      <xsl:with-param name="options" select="/page/choices/country"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'monthly'"/>
      <xsl:with-param name="label" select="sc:t('catalogue.field.monthly')"/>
      <xsl:with-param name="max" select="20"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'oneoff'"/>
      <xsl:with-param name="label" select="sc:t('catalogue.field.oneoff')"/>
      <xsl:with-param name="max" select="20"/>
      <xsl:with-param name="required" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'from'"/>
      <xsl:with-param name="label" select="sc:t('catalogue.field.from')"/>
      <xsl:with-param name="type" select="'date'"/>
      <xsl:with-param name="value" select="$form/value[@name = 'from'] | /page/today[not($form)]"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The prices by country and day, and the form for a new one. -->
  <xsl:template name="product-prices">
    <xsl:param name="p"/>
    <xsl:variable name="f" select="/page/form[@name = 'catalogue-price']"/>
    <h2 id="prices-title"><xsl:value-of select="sc:t('catalogue.prices')"/></h2>
    <p><xsl:value-of select="sc:t('catalogue.prices.intro')"/></p>
    <xsl:choose>
      <xsl:when test="$p/prices/price">
        <table class="data stack prices" aria-labelledby="prices-title">
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="sc:t('catalogue.field.country')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('catalogue.col.from')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('catalogue.col.to')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('catalogue.field.monthly')"/></th>
              <th scope="col" class="num"><xsl:value-of select="sc:t('catalogue.field.oneoff')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('catalogue.col.state')"/></th>
              <th scope="col"><xsl:value-of select="sc:t('catalogue.col.by')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$p/prices/price">
              <tr>
                <th scope="row" data-label="{sc:t('catalogue.field.country')}"><xsl:call-template name="catalogue-country"><xsl:with-param name="code" select="@country"/></xsl:call-template></th>
                <td data-label="{sc:t('catalogue.col.from')}"><time datetime="{@from}"><xsl:value-of select="sc:date(@from)"/></time></td>
                <td data-label="{sc:t('catalogue.col.to')}"><xsl:if test="@to"><time datetime="{@to}"><xsl:value-of select="sc:date(@to)"/></time></xsl:if></td>
                <td class="num" data-label="{sc:t('catalogue.field.monthly')}"><xsl:value-of select="sc:money(monthly, monthly/@currency)"/></td>
                <td class="num" data-label="{sc:t('catalogue.field.oneoff')}"><xsl:value-of select="sc:money(oneoff, oneoff/@currency)"/></td>
                <td data-label="{sc:t('catalogue.col.state')}">
                  <span class="badge badge-{@state}">
                    <xsl:choose>
                      <xsl:when test="@state = 'past'"><xsl:value-of select="sc:t('catalogue.state.past')"/></xsl:when>
                      <xsl:when test="@state = 'future'"><xsl:value-of select="sc:t('catalogue.state.future')"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="sc:t('catalogue.state.current')"/></xsl:otherwise>
                    </xsl:choose>
                  </span>
                </td>
                <td data-label="{sc:t('catalogue.col.by')}"><xsl:value-of select="by"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('catalogue.no-price')"/></p></xsl:otherwise>
    </xsl:choose>
    <h3 id="price-title"><xsl:value-of select="sc:t('catalogue.price.add')"/></h3>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/catalogue/{$p/@id}/prices" class="form" aria-labelledby="price-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="price-fields">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="id" select="'catalogue-price'"/>
      </xsl:call-template>
      <p><button type="submit" class="button"><xsl:value-of select="sc:t('catalogue.price.submit')"/></button></p>
    </form>
  </xsl:template>

  <!-- The contract list: who may buy a contract-only product. -->
  <xsl:template name="product-companies">
    <xsl:param name="p"/>
    <xsl:variable name="f" select="/page/form[@name = 'catalogue-company']"/>
    <h2 id="companies-title"><xsl:value-of select="sc:t('catalogue.companies')"/></h2>
    <p>
      <xsl:choose>
        <xsl:when test="$p/@contract-only"><xsl:value-of select="sc:t('catalogue.companies.contract')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('catalogue.companies.all')"/></xsl:otherwise>
      </xsl:choose>
    </p>
    <xsl:choose>
      <xsl:when test="$p/companies/company">
        <ul class="action-list">
          <xsl:for-each select="$p/companies/company">
            <li>
              <xsl:value-of select="name"/><xsl:text> (</xsl:text><xsl:value-of select="orgnr"/><xsl:text>, </xsl:text><xsl:value-of select="country"/><xsl:text>)</xsl:text>
              <form method="post" action="/admin/catalogue/{$p/@id}/companies/{@id}/remove" class="form-inline">
                <xsl:call-template name="hidden-fields"/>
                <button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('catalogue.company.remove')"/><span class="visually-hidden"><xsl:text>: </xsl:text><xsl:value-of select="name"/></span></button>
              </form>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="sc:t('catalogue.companies.empty')"/></p></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$f"/></xsl:call-template>
    <form method="post" action="/admin/catalogue/{$p/@id}/companies" class="form" aria-labelledby="companies-title">
      <xsl:call-template name="hidden-fields"/>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="$f"/>
        <xsl:with-param name="name" select="'orgnr'"/>
        <xsl:with-param name="label" select="sc:t('catalogue.company.orgnr')"/>
        <xsl:with-param name="max" select="24"/>
      </xsl:call-template>
      <p><button type="submit" class="button button-quiet"><xsl:value-of select="sc:t('catalogue.company.add')"/></button></p>
    </form>
  </xsl:template>

  <!-- A choice among the codes of options (each labelled in mode
       admin-product). -->
  <xsl:template name="catalogue-select">
    <xsl:param name="form"/>
    <xsl:param name="id"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="options"/>
    <xsl:param name="value" select="$form/value[@name = $name]"/>
    <xsl:variable name="fid" select="concat($id, '-', $name)"/>
    <xsl:variable name="error" select="$form/error[@field = $name]"/>
    <div class="field">
      <xsl:if test="$error"><xsl:attribute name="class">field field-invalid</xsl:attribute></xsl:if>
      <label for="{$fid}"><xsl:value-of select="$label"/></label>
      <select id="{$fid}" name="{$name}">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($fid, '-error')"/></xsl:attribute>
        </xsl:if>
        <xsl:for-each select="$options">
          <option value="{.}">
            <xsl:if test=". = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:apply-templates select="." mode="admin-product"/>
          </option>
        </xsl:for-each>
      </select>
      <xsl:apply-templates select="$error">
        <xsl:with-param name="id" select="concat($fid, '-error')"/>
      </xsl:apply-templates>
    </div>
  </xsl:template>

  <xsl:template match="choices/kind" mode="admin-product">
    <xsl:call-template name="catalogue-kind"><xsl:with-param name="code" select="string(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="choices/country" mode="admin-product">
    <xsl:call-template name="catalogue-country"><xsl:with-param name="code" select="string(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="choices/vat-class" mode="admin-product">
    <xsl:choose>
      <xsl:when test=". = 'reduced'"><xsl:value-of select="sc:t('catalogue.vat.reduced')"/></xsl:when>
      <xsl:when test=". = 'exempt'"><xsl:value-of select="sc:t('catalogue.vat.exempt')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="sc:t('catalogue.vat.standard')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The catalogue's forms say what is wrong with a price, a code, a date
       or a company more precisely than the shared messages. -->
  <xsl:template match="form[starts-with(@name, 'catalogue-')]/error">
    <xsl:param name="id" select="concat(../@name, '-', @field, '-error')"/>
    <p class="field-error" id="{$id}">
      <xsl:choose>
        <xsl:when test="@code = 'invalid' and (@field = 'monthly' or @field = 'oneoff')"><xsl:value-of select="sc:t('catalogue.error.amount')"/></xsl:when>
        <xsl:when test="@code = 'invalid' and @field = 'quota'"><xsl:value-of select="sc:t('catalogue.error.quota')"/></xsl:when>
        <xsl:when test="@code = 'invalid' and @field = 'code'"><xsl:value-of select="sc:t('catalogue.error.code')"/></xsl:when>
        <xsl:when test="@code = 'invalid' and @field = 'orgnr'"><xsl:value-of select="sc:t('catalogue.error.orgnr')"/></xsl:when>
        <xsl:when test="@code = 'invalid' and @field = 'available-to'"><xsl:value-of select="sc:t('catalogue.error.available-to')"/></xsl:when>
        <xsl:when test="@code = 'invalid' and (@field = 'available-from' or @field = 'from')"><xsl:value-of select="sc:t('catalogue.error.date')"/></xsl:when>
        <xsl:when test="@code = 'past-date'"><xsl:value-of select="sc:t('catalogue.error.past-date')"/></xsl:when>
        <xsl:when test="@code = 'exists' and @field = 'code'"><xsl:value-of select="sc:t('catalogue.error.code-exists')"/></xsl:when>
        <xsl:when test="@code = 'exists'"><xsl:value-of select="sc:t('catalogue.error.company-exists')"/></xsl:when>
        <xsl:when test="@code = 'required'"><xsl:value-of select="sc:t('error.required')"/></xsl:when>
        <xsl:when test="@code = 'too-long'"><xsl:value-of select="sc:t('error.too-long')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="sc:t('error.invalid')"/></xsl:otherwise>
      </xsl:choose>
    </p>
  </xsl:template>

</xsl:stylesheet>

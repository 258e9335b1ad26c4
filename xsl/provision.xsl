<?xml version="1.0" encoding="UTF-8"?>
<!-- The provisioning of an order in fulfilment's pages: the network's
     command gave up, staff finish the order by hand. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sc="urn:selfcare:fn"
    extension-element-prefixes="sc">

  <xsl:template match="provisioning[@state = 'failed']">
    <strong class="provisioning-failed">
      <xsl:value-of select="sc:t('provision.failed')"/>
      <xsl:if test="error">: <xsl:value-of select="error"/></xsl:if>
    </strong>
  </xsl:template>

</xsl:stylesheet>

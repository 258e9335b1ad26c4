<?xml version="1.0" encoding="UTF-8"?>
<!--
  Every page of the site in one stylesheet, compiled once per process:
  the frame (layout.xsl, imported once) and each page's templates, in
  modes of their page's name (match="page" mode="content.NAME"). One compiled
  layout instead of one per page keeps a worker some 11 MB smaller.
  A page's own templates for other elements carry a mode of the page's
  name, so that nothing of one page applies on another.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>

  <xsl:include href="admin-customer-new.xsl"/>
  <xsl:include href="admin-customer.xsl"/>
  <xsl:include href="admin-customers.xsl"/>
  <xsl:include href="admin-case.xsl"/>
  <xsl:include href="admin-cases.xsl"/>
  <xsl:include href="admin-home.xsl"/>
  <xsl:include href="admin-login.xsl"/>
  <xsl:include href="admin-staff.xsl"/>
  <xsl:include href="admin-staff-member.xsl"/>
  <xsl:include href="admin-catalogue.xsl"/>
  <xsl:include href="admin-product.xsl"/>
  <xsl:include href="admin-billing.xsl"/>
  <xsl:include href="admin-billing-run.xsl"/>
  <xsl:include href="admin-invoice.xsl"/>
  <xsl:include href="admin-articles.xsl"/>
  <xsl:include href="admin-article.xsl"/>
  <xsl:include href="admin-article-categories.xsl"/>
  <xsl:include href="admin-payments.xsl"/>
  <xsl:include href="admin-payments-import.xsl"/>
  <xsl:include href="admin-unmatched.xsl"/>
  <xsl:include href="admin-reminders.xsl"/>
  <xsl:include href="admin-reminders-company.xsl"/>
  <xsl:include href="case-new.xsl"/>
  <xsl:include href="case.xsl"/>
  <xsl:include href="einvoice-unsubscribe.xsl"/>
  <xsl:include href="einvoice.xsl"/>
  <xsl:include href="error.xsl"/>
  <xsl:include href="help-article.xsl"/>
  <xsl:include href="help.xsl"/>
  <xsl:include href="invitation.xsl"/>
  <xsl:include href="login.xsl"/>
  <xsl:include href="manage.xsl"/>
  <xsl:include href="subscription-confirm.xsl"/>
  <xsl:include href="orders.xsl"/>
  <xsl:include href="order-new.xsl"/>
  <xsl:include href="order.xsl"/>
  <xsl:include href="usage.xsl"/>
  <xsl:include href="admin-orders.xsl"/>
  <xsl:include href="admin-order.xsl"/>
  <xsl:include href="provision.xsl"/>
  <xsl:include href="approvals.xsl"/>
  <xsl:include href="order-decision.xsl"/>
  <xsl:include href="requests.xsl"/>
  <xsl:include href="lifecycle.xsl"/>
  <xsl:include href="sim-puk.xsl"/>
  <xsl:include href="bulk.xsl"/>
  <xsl:include href="bulk-jobs.xsl"/>
  <xsl:include href="bulk-new.xsl"/>
  <xsl:include href="bulk-job.xsl"/>
  <xsl:include href="wizard.xsl"/>
  <xsl:include href="wizard-step.xsl"/>
  <xsl:include href="employee.xsl"/>
  <xsl:include href="employee-phone.xsl"/>
  <xsl:include href="topup.xsl"/>
  <xsl:include href="api-keys.xsl"/>
  <xsl:include href="admin-api-keys.xsl"/>
  <xsl:include href="ending.xsl"/>
  <xsl:include href="bulk-bars.xsl"/>
  <xsl:include href="selfservice.xsl"/>
  <xsl:include href="selfservice-order.xsl"/>
  <xsl:include href="selfservice-myorder.xsl"/>
  <xsl:include href="selfservice-sim.xsl"/>
  <xsl:include href="policy.xsl"/>
  <xsl:include href="deductions.xsl"/>
  <xsl:include href="alerts.xsl"/>
  <xsl:include href="auto-topup.xsl"/>
  <xsl:include href="spend-limit.xsl"/>

  <!-- The customers' most used pages (the order does not matter: a page's
       templates are found by their mode's hash, sc:apply-page). -->
  <xsl:include href="audit.xsl"/>
  <xsl:include href="users.xsl"/>
  <xsl:include href="cases.xsl"/>
  <xsl:include href="invoice.xsl"/>
  <xsl:include href="subscription.xsl"/>
  <xsl:include href="subscriptions.xsl"/>
  <xsl:include href="overview.xsl"/>
  <xsl:include href="companies.xsl"/>
  <xsl:include href="invoices.xsl"/>
  <xsl:include href="locations.xsl"/>
</xsl:stylesheet>

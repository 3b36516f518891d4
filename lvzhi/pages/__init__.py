"""Cross-role pages: one page served under several role blueprints (a group head's, the
committee's, the secretariat's and the leaders' 十个一). Each blueprint adds thin routes that
call these with its role; the links a page draws go to the blueprint of that role
(``domain.roles.ROLE_BLUEPRINT``)."""
